package io.egress4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.simulator.SimulatedTrack.Codec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.SpeakerInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.ParticipantUpdate;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SpeakersChanged;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * A LiveKit room as a subscriber sees it: the {@code /rtc} signalling of livekit-server (v0, two peer
 * connections, the server offering on the subscriber connection) and synthetic participants whose tracks are
 * encoded by GStreamer and sent over webrtcbin. Each subscriber's encoded streams are also written unchanged to
 * reference files, so a recording can be compared byte for byte with what was sent.
 *
 * <p>A subscriber whose connection drops without a leave is kept for {@link #RESUME_GRACE}, media still flowing,
 * so it can resume with {@code reconnect=1} as LiveKit clients do.
 *
 * <p>Media needs a non-loopback interface for ICE (run inside {@code scripts/netns}); signalling may use any.
 */
public final class RoomSimulator implements AutoCloseable {

    /** How long a subscriber that lost its connection may take to resume before it is dropped. */
    static final Duration RESUME_GRACE = Duration.ofSeconds(20);
    /** How long closing the room waits for a session to finalise its reference files and release its peer. */
    private static final Duration SESSION_END = Duration.ofSeconds(15);

    /** Stands for every recorder (egress) subscribed to the room, where a participant's identity is expected. */
    public static final String RECORDERS = "@recorder";

    /** RoomService's method that UpdateLayout reaches, served beside signalling as livekit-server serves it. */
    private static final String UPDATE_PARTICIPANT = "/twirp/livekit.RoomService/UpdateParticipant";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(RoomSimulator.class.getName());

    private final String roomName;
    private final String roomSid = "RM_" + Ids.random(12);
    private final AccessTokens tokens;
    private final Path referenceDir;
    private final Server server;
    private final Map<String, ParticipantInfo.Builder> participants = new LinkedHashMap<>();
    private final Map<String, SimulatedTrack> tracks = new ConcurrentHashMap<>();
    private final Map<WebSocket, SubscriberSession> sessions = new ConcurrentHashMap<>();
    /** Subscribers whose connection dropped, by participant SID, until they resume or their grace runs out. */
    private final Map<String, SubscriberSession> parked = new ConcurrentHashMap<>();
    /** Each parked subscriber's end of grace, cancelled when it resumes. */
    private final Map<SubscriberSession, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile boolean senderReports = true;
    /** The size cameras and screen shares are published at. */
    private volatile int videoWidth = 640;
    private volatile int videoHeight = 360;
    private final List<String> participantUpdates = new CopyOnWriteArrayList<>();
    private final AtomicInteger joinsToRefuse = new AtomicInteger();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "room-simulator-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger version = new AtomicInteger(1);
    /** Who is speaking now, if anyone. */
    private String speaker;

    private RoomSimulator(String host, int port, String roomName, AccessTokens tokens, Path referenceDir) {
        this.roomName = roomName;
        this.tokens = tokens;
        this.referenceDir = referenceDir;
        this.server = new Server(new InetSocketAddress(host, port));
    }

    /**
     * Starts serving {@code ws://host:port/rtc} (port 0 picks a free one) for room {@code roomName}.
     *
     * @param referenceDir where each subscriber's sent streams are kept ({@code <subscriber>/<track sid>.<ext>})
     */
    public static RoomSimulator start(String host, int port, String apiKey, String apiSecret, String roomName,
                                      Path referenceDir) throws IOException, InterruptedException {
        Files.createDirectories(referenceDir);
        RoomSimulator simulator = new RoomSimulator(host, port, roomName, new AccessTokens(apiKey, apiSecret),
                referenceDir);
        simulator.server.setReuseAddr(true);
        simulator.server.start();
        if (!simulator.server.started.await(10, TimeUnit.SECONDS)) {
            throw new IOException("room simulator did not start on " + host + ":" + port);
        }
        return simulator;
    }

    /** {@code ws://host:port} */
    public String wsUrl() {
        InetSocketAddress address = server.getAddress();
        return "ws://" + address.getHostString() + ":" + server.getPort();
    }

    public String roomName() {
        return roomName;
    }

    /**
     * Publishes a new track for {@code identity} (the participant joins with its first track).
     *
     * @param colour 0xRRGGBB for video, the tone in Hz for audio
     * @return the track
     */
    public synchronized SimulatedTrack publish(String identity, Codec codec, int colour) {
        return publish(identity, codec, colour, codec.video() ? TrackSource.CAMERA : TrackSource.MICROPHONE);
    }

    /** Publishes a VP8 screen share in {@code colour} for {@code identity}. */
    public synchronized SimulatedTrack shareScreen(String identity, int colour) {
        return publish(identity, Codec.VP8, colour, TrackSource.SCREEN_SHARE);
    }

    /** Unpublishes {@code identity}'s screen share, whoever published it. */
    public synchronized void stopScreenShare(String identity) {
        ParticipantInfo.Builder participant = participants.get(identity);
        String sid = (participant == null ? List.<TrackInfo>of() : participant.getTracksList()).stream()
                .filter(track -> track.getSource() == TrackSource.SCREEN_SHARE).map(TrackInfo::getSid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(identity + " shares no screen"));
        unpublish(sid);
    }

    private SimulatedTrack publish(String identity, Codec codec, int colour, TrackSource source) {
        ParticipantInfo.Builder participant = participants.computeIfAbsent(identity, id -> ParticipantInfo.newBuilder()
                .setSid("PA_" + Ids.random(12)).setIdentity(id).setName(id)
                .setJoinedAt(Instant.now().getEpochSecond()).setJoinedAtMs(Instant.now().toEpochMilli())
                .setState(ParticipantInfo.State.ACTIVE).setIsPublisher(true));
        SimulatedTrack track = new SimulatedTrack("TR_" + Ids.random(12), codec, colour,
                codec.video() ? videoWidth : 0, codec.video() ? videoHeight : 0);
        tracks.put(track.sid(), track);
        participant.addTracks(TrackInfo.newBuilder().setSid(track.sid())
                .setType(codec.video() ? TrackType.VIDEO : TrackType.AUDIO)
                .setSource(source)
                .setMimeType(codec.mimeType()).setWidth(track.width()).setHeight(track.height()));
        broadcast(identity);
        everySession().forEach(session -> session.published(track));
        return track;
    }

    /**
     * Publishes a camera and a microphone for {@code identity}: {@code video} (VP8 or H.264) in {@code colour}
     * (0xRRGGBB) and Opus at {@code toneHz}. Publishing again after an unpublish is a republish: a new track SID.
     */
    public synchronized SimulatedParticipant publishParticipant(String identity, Codec video, int colour,
                                                                int toneHz) {
        if (!video.video()) {
            throw new IllegalArgumentException("not a video codec: " + video);
        }
        return new SimulatedParticipant(identity, publish(identity, video, colour),
                publish(identity, Codec.OPUS, toneHz));
    }

    /** Mutes or unmutes a track: subscribers get a participant update, and its media stops or resumes. */
    public synchronized void mute(String trackSid, boolean muted) {
        String identity = updateTrack(trackSid, track -> track.setMuted(muted));
        everySession().forEach(session -> session.pause(trackSid, muted));
        broadcast(identity);
    }

    /** Changes the TrackInfo of {@code trackSid} (not broadcast yet); returns its owner's identity. */
    private String updateTrack(String trackSid, Consumer<TrackInfo.Builder> change) {
        String identity = owner(trackSid);
        ParticipantInfo.Builder participant = participants.get(identity);
        for (int i = 0; i < participant.getTracksCount(); i++) {
            if (participant.getTracks(i).getSid().equals(trackSid)) {
                TrackInfo.Builder track = participant.getTracks(i).toBuilder();
                change.accept(track);
                participant.setTracks(i, track);
            }
        }
        return identity;
    }

    /**
     * Sends a video track at {@code width}x{@code height} (even numbers) from now on, to every subscriber that
     * receives it, as a camera changing resolution or a simulcast layer switch would; its TrackInfo says the new
     * size. Subscribers that join later receive the original size.
     */
    public synchronized void resize(String trackSid, int width, int height) {
        checkVideoSize(width, height);
        String identity = updateTrack(trackSid, track -> track.setWidth(width).setHeight(height));
        everySession().forEach(session -> session.resize(trackSid, width, height));
        broadcast(identity);
    }

    /** Unpublishes a track: its media stops and subscribers get an update without it. */
    public synchronized void unpublish(String trackSid) {
        String identity = owner(trackSid);
        ParticipantInfo.Builder participant = participants.get(identity);
        List<TrackInfo> remaining = new ArrayList<>(participant.getTracksList());
        remaining.removeIf(track -> track.getSid().equals(trackSid));
        participant.clearTracks().addAllTracks(remaining);
        everySession().forEach(session -> session.pause(trackSid, true));
        tracks.remove(trackSid);
        broadcast(identity);
    }

    /**
     * {@code identity} becomes the only active speaker, as livekit-server's audio level detection would report it;
     * whoever spoke before falls silent.
     */
    public synchronized void speak(String identity) {
        SpeakersChanged.Builder changed = SpeakersChanged.newBuilder();
        if (speaker != null && !speaker.equals(identity) && participants.containsKey(speaker)) {
            changed.addSpeakers(SpeakerInfo.newBuilder().setSid(participants.get(speaker).getSid()).setActive(false));
        }
        ParticipantInfo.Builder participant = present(identity);
        changed.addSpeakers(SpeakerInfo.newBuilder().setSid(participant.getSid()).setLevel(0.9f).setActive(true));
        speaker = identity;
        send(SignalResponse.newBuilder().setSpeakersChanged(changed).build());
    }

    /**
     * Sets a participant's metadata; {@link #RECORDERS} sets that of every recorder subscribed to the room, which is
     * how livekit-server carries UpdateLayout to a room composite's template.
     */
    public synchronized void setMetadata(String identity, String metadata) {
        if (identity.equals(RECORDERS)) {
            everySession().stream().filter(SubscriberSession::recorder)
                    .forEach(session -> session.metadataChanged(metadata, version.incrementAndGet()));
            return;
        }
        ParticipantInfo.Builder participant = present(identity);
        participant.setMetadata(metadata);
        broadcast(identity);
    }

    /** Sets what kind of participant {@code identity} is (an AGENT, say); subscribers get an update. */
    public synchronized void setKind(String identity, ParticipantInfo.Kind kind) {
        present(identity).setKind(kind);
        broadcast(identity);
    }

    private ParticipantInfo.Builder present(String identity) {
        ParticipantInfo.Builder participant = participants.get(identity);
        if (participant == null) {
            throw new IllegalArgumentException(identity + " is not in the room");
        }
        return participant;
    }

    /** The participant leaves: subscribers see it DISCONNECTED. */
    public synchronized void leave(String identity) {
        ParticipantInfo.Builder participant = present(identity);
        participants.remove(identity);
        participant.getTracksList().forEach(track -> {
            everySession().forEach(session -> session.pause(track.getSid(), true));
            tracks.remove(track.getSid());
        });
        participant.setState(ParticipantInfo.State.DISCONNECTED).clearTracks();
        send(update(participant));
    }

    /** Where the stream sent to {@code subscriber} for {@code track} is kept, once that subscriber subscribed. */
    public Path sentStream(String subscriber, SimulatedTrack track) {
        return referenceDir.resolve(subscriber).resolve(track.sid() + track.referenceExtension());
    }

    /**
     * Every subscriber's signalling connection drops without a close handshake, as in a network failure; the server
     * keeps their sessions (and media) for {@link #RESUME_GRACE}.
     */
    public void dropSignalling() {
        sessions.values().forEach(SubscriberSession::dropConnection);
    }

    /** The next {@code count} joins are refused with 503, as by a server that is momentarily overloaded. */
    public void refuseJoins(int count) {
        joinsToRefuse.set(count);
    }

    /**
     * Subscribers that join from now on get media without RTCP sender reports, as from a sender that never sends
     * them: nothing ties their streams' RTP time to a common clock.
     */
    public void withholdSenderReports() {
        senderReports = false;
    }

    /**
     * Video published from now on is sent at {@code width}x{@code height} (640x360 unless set). A small size lets
     * one machine feed many subscribers: the simulator encodes each track once per subscriber.
     */
    public void publishVideoAt(int width, int height) {
        checkVideoSize(width, height);
        videoWidth = width;
        videoHeight = height;
    }

    private static void checkVideoSize(int width, int height) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("a video size must be positive and even: " + width + "x" + height);
        }
    }

    boolean sendsSenderReports() {
        return senderReports;
    }

    /** How many of the joins {@link #refuseJoins} asked to refuse have not been tried yet. */
    public int joinsStillToRefuse() {
        return joinsToRefuse.get();
    }

    /**
     * The server vanishes: connections drop without a leave, as when livekit-server is killed. Reference files are
     * still finalised.
     */
    public void crash() {
        endSessions(SubscriberSession::end, 0);
    }

    /** Ends the room: subscribers get {@code leave} (room deleted), reference files are finalised. */
    @Override
    public void close() {
        endSessions(SubscriberSession::roomClosed, 1000);
    }

    private void endSessions(Consumer<SubscriberSession> ending, int stopMillis) {
        closing = true;
        List<SubscriberSession> all = everySession();
        sessions.clear();
        parked.clear();
        timers.shutdownNow();
        all.forEach(ending);
        try {
            // Every session finalises its reference files on its own thread, all at once: a room of a hundred
            // subscribers closes in about the time one takes.
            Instant deadline = Instant.now().plus(SESSION_END);
            for (SubscriberSession session : all) {
                if (!session.awaitEnd(Duration.between(Instant.now(), deadline))) {
                    LOG.log(System.Logger.Level.WARNING, "room simulator: {0} did not end within {1}",
                            session.identity(), SESSION_END);
                }
            }
            server.stop(stopMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A participant joins with an identity already in the room: the session holding it is told to leave. */
    private void replaceSessionsOf(String identity) {
        for (SubscriberSession session : everySession()) {
            if (session.identity().equals(identity)) {
                sessions.values().remove(session);
                parked.values().remove(session);
                ScheduledFuture<?> expiry = expiries.remove(session);
                if (expiry != null) {
                    expiry.cancel(false);
                }
                session.replaced();
            }
        }
    }

    private List<SubscriberSession> everySession() {
        List<SubscriberSession> all = new ArrayList<>(sessions.values());
        all.addAll(parked.values());
        return all;
    }

    synchronized Optional<SimulatedTrack> track(String sid) {
        return Optional.ofNullable(tracks.get(sid));
    }

    synchronized String participantSidOf(String trackSid) {
        return participants.get(owner(trackSid)).getSid();
    }

    synchronized List<ParticipantInfo> publishers() {
        return participants.values().stream().map(p -> p.setVersion(version.get()).build()).toList();
    }

    Room room() {
        return Room.newBuilder().setSid(roomSid).setName(roomName).setNumParticipants(participants.size()).build();
    }

    Path referenceDir() {
        return referenceDir;
    }

    private String owner(String trackSid) {
        return participants.entrySet().stream()
                .filter(p -> p.getValue().getTracksList().stream().anyMatch(t -> t.getSid().equals(trackSid)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no published track " + trackSid));
    }

    private void broadcast(String identity) {
        send(update(participants.get(identity)));
    }

    private SignalResponse update(ParticipantInfo.Builder participant) {
        return SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
                .addParticipants(participant.setVersion(version.incrementAndGet()).build())).build();
    }

    private void send(SignalResponse response) {
        sessions.values().forEach(session -> session.send(response));
    }

    /**
     * livekit-server's answers to plain HTTP on the signalling port: {@code /rtc/validate} checks the token; v1
     * paths are not found, as on a server that speaks v0 only, so clients fall back to {@code /rtc}; RoomService's
     * UpdateParticipant is served (what UpdateLayout calls).
     */
    private PlainHttpDraft.Answer plainHttp(ClientHandshake request) {
        SignalQuery query = SignalQuery.of(request.getResourceDescriptor(), null);
        if (query.path().equals(UPDATE_PARTICIPANT)) {
            return updateParticipant(request);
        }
        if (!query.path().equals("/rtc/validate")) {
            return PlainHttpDraft.Answer.text(404, "Not Found", "404 page not found");
        }
        try {
            tokens.verify(query.token(), roomName);
            return PlainHttpDraft.Answer.text(200, "OK", "success");
        } catch (IllegalArgumentException e) {
            return PlainHttpDraft.Answer.text(401, "Unauthorized", e.getMessage());
        }
    }

    /**
     * RoomService.UpdateParticipant in Twirp JSON, as livekit-server checks it: a {@code roomAdmin} token for this
     * room; a participant or recorder that is not here is {@code not_found}. Only the metadata is applied.
     */
    private PlainHttpDraft.Answer updateParticipant(ClientHandshake request) {
        String authorization = request.getFieldValue("Authorization");
        try {
            tokens.verifyAdmin(authorization.startsWith("Bearer ") ? authorization.substring(7) : "", roomName);
        } catch (IllegalArgumentException e) {
            return PlainHttpDraft.Answer.text(401, "Unauthorized", "invalid authorization token: " + e.getMessage());
        }
        try {
            JsonNode body = JSON.readTree(request.getContent());
            String identity = body.path("identity").asText();
            if (!body.path("room").asText().equals(roomName) || !updateMetadata(identity,
                    body.path("metadata").asText())) {
                return PlainHttpDraft.Answer.json(404, "Not Found",
                        "{\"code\":\"not_found\",\"msg\":\"participant does not exist\"}");
            }
            participantUpdates.add(identity + " " + body.path("metadata").asText());
            return PlainHttpDraft.Answer.json(200, "OK", JSON.createObjectNode().put("identity", identity)
                    .put("metadata", body.path("metadata").asText()).toString());
        } catch (java.io.IOException e) {
            return PlainHttpDraft.Answer.json(400, "Bad Request",
                    "{\"code\":\"malformed\",\"msg\":\"the request could not be decoded\"}");
        }
    }

    /** Sets the metadata of a publisher, or of a recorder (subscriber) by identity; false if neither is here. */
    private synchronized boolean updateMetadata(String identity, String metadata) {
        if (participants.containsKey(identity)) {
            setMetadata(identity, metadata);
            return true;
        }
        List<SubscriberSession> recorders = everySession().stream()
                .filter(session -> session.identity().equals(identity)).toList();
        recorders.forEach(session -> session.metadataChanged(metadata, version.incrementAndGet()));
        return !recorders.isEmpty();
    }

    /** Every UpdateParticipant applied, as "identity metadata", in order. */
    public List<String> participantUpdates() {
        return List.copyOf(participantUpdates);
    }

    /** The WebSocket side: {@code /rtc} with a valid token upgrades; everything else is refused. */
    private final class Server extends WebSocketServer {

        final CountDownLatch started = new CountDownLatch(1);

        Server(InetSocketAddress address) {
            super(address, List.of(new PlainHttpDraft(RoomSimulator.this::plainHttp)));
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                          ClientHandshake request)
                throws InvalidDataException {
            if (((PlainHttpDraft) draft).plainHttp()) {
                return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
            }
            SignalQuery query = SignalQuery.of(request.getResourceDescriptor(), request.getFieldValue("Authorization"));
            if (!query.path().equals("/rtc")) {
                // Only v0 is spoken: real clients fall back from /rtc/v1 to /rtc on a 404.
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "404 not found: " + query.path());
            }
            try {
                tokens.verify(query.token(), roomName);
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "401 " + e.getMessage());
            }
            if (query.resumeSid() == null && joinsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "503 the server is busy");
            }
            if (query.resumeSid() != null && !parked.containsKey(query.resumeSid())) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "404 no session to resume for "
                        + query.resumeSid());
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (((PlainHttpDraft) conn.getDraft()).plainHttp()) {
                conn.close(); // the answer is written; nothing else is said on this connection
                return;
            }
            SignalQuery query = SignalQuery.of(handshake.getResourceDescriptor(),
                    handshake.getFieldValue("Authorization"));
            SubscriberSession resumed = query.resumeSid() != null ? parked.remove(query.resumeSid()) : null;
            if (closing) {
                conn.close(CloseFrame.GOING_AWAY, "the room is closing");
                return;
            }
            if (resumed != null) {
                ScheduledFuture<?> expiry = expiries.remove(resumed);
                if (expiry != null) {
                    expiry.cancel(false);
                }
                sessions.put(conn, resumed);
                resumed.resume(conn);
                return;
            }
            AccessTokens.Grant grant = tokens.verify(query.token(), roomName);
            replaceSessionsOf(grant.identity());
            SubscriberSession session = new SubscriberSession(RoomSimulator.this, conn, grant, query.autoSubscribe());
            sessions.put(conn, session);
            session.joined();
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            SubscriberSession session = sessions.get(conn);
            if (session != null) {
                session.received(message);
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            conn.close(CloseFrame.UNEXPECTED_CONDITION, "the simulator speaks protobuf only");
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            SubscriberSession session = sessions.remove(conn);
            if (session == null || closing) {
                return;
            }
            if (session.leaving()) {
                session.end();
                return;
            }
            parked.put(session.participantSid(), session);
            expiries.put(session, timers.schedule(() -> {
                if (parked.remove(session.participantSid(), session)) {
                    expiries.remove(session);
                    session.end();
                }
            }, RESUME_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Override
        public void onError(WebSocket conn, Exception error) {
            LOG.log(System.Logger.Level.WARNING, "room simulator: " + error);
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
