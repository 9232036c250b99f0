package io.egress4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.api.EgressException;
import io.egress4j.media.WebRtcPeer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.ServerInfo;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitModels.ParticipantTracks;
import livekit.LivekitRtc.ParticipantUpdate;
import livekit.LivekitRtc.Pong;
import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;

/**
 * One subscriber connected to the simulated room: the join, the subscriber peer connection the server offers, ICE
 * both ways, pings. The peer is built when the subscriber first subscribes (or at join with auto_subscribe, then
 * also for tracks published later) and sends each subscribed track through a valve, so mute and unpublish stop its
 * media. New tracks are added to the same connection by a new offer.
 */
final class SubscriberSession {

    private static final System.Logger LOG = System.getLogger(SubscriberSession.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROTOCOL = 17;
    private static final String SERVER_VERSION = "1.9.0";
    /** Dynamic RTP payload types, one per track: unique within the bundle. */
    private static final int FIRST_PAYLOAD_TYPE = 96;
    /** What webrtcbin's rtpbin names its RTP sessions (one, bundled), and a session's RTCP output. */
    private static final String RTP_SESSION = "rtpsession";
    private static final String RTCP_OUT = "send_rtcp_src";

    private final RoomSimulator room;
    /** Replaced when the subscriber resumes after a dropped connection. */
    private volatile WebSocket connection;
    /** The subscriber said leave: its closing connection ends the session rather than parking it. */
    private volatile boolean leaving;
    private final AccessTokens.Grant grant;
    private final boolean autoSubscribe;
    /** This subscriber as the room sees it; metadata changes are sent back to it with a higher version. */
    private final ParticipantInfo.Builder self;
    private WebRtcPeer peer;
    private SyntheticMedia media;
    private List<String> mids = List.of();
    /** The tracks this subscriber is sent, in the order of their media sections. */
    private final List<SimulatedTrack> sent = new ArrayList<>();
    /**
     * The msid of each track sent, fixed when it is first offered: a track unpublished later keeps its section
     * (paused), and every later offer must still describe it.
     */
    private final Map<String, String> msids = new HashMap<>();
    /** Tracks for the next offer: one offer is out at a time, the next goes once the subscriber answered. */
    private final List<SimulatedTrack> pending = new ArrayList<>();
    private List<SimulatedTrack> offered = List.of();
    private boolean awaitingAnswer;
    private int offerId;
    /**
     * Peer work (offers, answers, candidates) runs in order on the session's own thread. The server's few signalling
     * threads are shared by every session: building a sender and its offer there made pings of other subscribers
     * wait, and sixteen subscribers joining at once timed each other out.
     */
    private final ExecutorService peerWork;
    /**
     * The session ended: no peer is built any more. Work queued before the end still runs, and a subscription
     * among it would otherwise start a sender (encoders, a feeding thread) that nothing ever closes.
     */
    private volatile boolean ended;

    SubscriberSession(RoomSimulator room, WebSocket connection, AccessTokens.Grant grant, boolean autoSubscribe) {
        this.room = room;
        this.connection = connection;
        this.grant = grant;
        this.autoSubscribe = autoSubscribe;
        this.self = ParticipantInfo.newBuilder().setSid("PA_" + Ids.random(12)).setIdentity(grant.identity())
                .setState(ParticipantInfo.State.JOINED)
                .setKind(grant.recorder() ? ParticipantInfo.Kind.EGRESS : ParticipantInfo.Kind.STANDARD)
                .setPermission(ParticipantPermission.newBuilder().setCanSubscribe(true)
                        .setHidden(grant.hidden()).setRecorder(grant.recorder()));
        this.peerWork = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulator-peer-" + grant.identity());
            thread.setDaemon(true);
            return thread;
        });
    }

    void joined() {
        send(SignalResponse.newBuilder().setJoin(JoinResponse.newBuilder()
                .setRoom(room.room())
                .setParticipant(self)
                .addAllOtherParticipants(room.publishers())
                .setSubscriberPrimary(true)
                .setServerVersion(SERVER_VERSION)
                .setServerInfo(serverInfo())
                .setPingInterval(5).setPingTimeout(15)).build());
        if (autoSubscribe) {
            List<String> everything = room.publishers().stream().flatMap(p -> p.getTracksList().stream())
                    .map(track -> track.getSid()).toList();
            work(() -> {
                if (everything.isEmpty()) {
                    offerDataChannelOnly();
                } else {
                    subscribe(everything);
                }
            });
        }
    }

    /** A track was published after this subscriber joined: one that subscribes automatically is sent it. */
    void published(SimulatedTrack track) {
        if (autoSubscribe) {
            work(() -> subscribe(List.of(track.sid())));
        }
    }

    void received(ByteBuffer bytes) {
        try {
            SignalRequest request = SignalRequest.parseFrom(bytes);
            switch (request.getMessageCase()) {
                case ANSWER, TRICKLE, SUBSCRIPTION -> work(() -> peerRequest(request));
                case PING -> send(SignalResponse.newBuilder().setPong(request.getPing()).build());
                case PING_REQ -> send(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
                        .setLastPingTimestamp(request.getPingReq().getTimestamp())
                        .setTimestamp(System.currentTimeMillis())).build());
                case LEAVE -> {
                    leaving = true;
                    connection.close();
                }
                default -> { } // track settings, layers, sync state: nothing to simulate
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "room simulator: bad request from {0}: {1}", grant.identity(), e.toString());
        }
    }

    private void peerRequest(SignalRequest request) {
        try {
            switch (request.getMessageCase()) {
                case ANSWER -> answered(request.getAnswer().getSdp());
                case TRICKLE -> trickle(request.getTrickle());
                case SUBSCRIPTION -> {
                    if (request.getSubscription().getSubscribe()) {
                        Set<String> sids = new LinkedHashSet<>(request.getSubscription().getTrackSidsList());
                        request.getSubscription().getParticipantTracksList().stream()
                                .map(ParticipantTracks::getTrackSidsList).forEach(sids::addAll);
                        subscribe(new ArrayList<>(sids));
                    }
                }
                default -> throw new IllegalArgumentException(request.getMessageCase() + " is no peer request");
            }
        } catch (IOException | EgressException | RuntimeException e) {
            LOG.log(Level.WARNING, "room simulator: bad request from {0}: {1}", grant.identity(), e.toString());
        }
    }

    /**
     * Sends the subscriber these tracks (those it is not sent yet) over its one peer connection, offered by the
     * simulator as livekit-server does; tracks published later are added by a new offer on the same connection.
     */
    private synchronized void subscribe(List<String> trackSids) {
        if (ended) {
            return;
        }
        for (String sid : trackSids) {
            SimulatedTrack track = room.track(sid).orElseThrow(() -> new IllegalArgumentException("unknown track "
                    + sid));
            if (!sent.contains(track) && !pending.contains(track)) {
                pending.add(track);
            }
        }
        if (!pending.isEmpty() && !awaitingAnswer) {
            offer();
        }
    }

    /**
     * livekit-client counts itself connected once its subscriber connection is up, and livekit-server's carries
     * data channels: a subscriber joining an empty room is offered a data channel alone, media comes later.
     */
    private synchronized void offerDataChannelOnly() {
        if (ended) {
            return;
        }
        try {
            if (startPeer(List.of())) {
                peer.createDataChannel("_reliable");
                offer();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "room simulator: cannot start sending to {0}: {1}", grant.identity(),
                    e.toString());
        }
    }

    private synchronized void answered(String sdp) throws EgressException {
        peer().applyAnswer(sdp);
        media.negotiated(offered);
        awaitingAnswer = false;
        if (!pending.isEmpty()) {
            offer();
        }
    }

    /** Adds the pending tracks to the peer (started on first use) and offers everything it sends. */
    private void offer() {
        try {
            if (!startPeer(pending)) {
                return;
            }
            Path references = references();
            for (SimulatedTrack track : pending) {
                if (!sent.contains(track)) {
                    // The parser reads caps at the end of a description as an element: identity ends it.
                    peer.addSendingStream(sendingStream(track, FIRST_PAYLOAD_TYPE + sent.size(), references)
                            + " ! identity");
                    media.add(track);
                    startSending(track);
                }
            }
            offered = List.copyOf(pending);
            pending.clear();
            String offer = peer.createOffer();
            mids = SdpMedia.mids(offer);
            String sdp = SdpMedia.withMsids(offer, sent.stream().map(track -> msids.get(track.sid())).toList());
            awaitingAnswer = true;
            send(SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer").setSdp(sdp)
                    .setId(++offerId)).build());
        } catch (IOException | EgressException e) {
            LOG.log(Level.WARNING, "room simulator: cannot send tracks to {0}: {1}", grant.identity(), e.toString());
        }
    }

    /** From now on {@code track} is sent to this subscriber, in the next media section. */
    private void startSending(SimulatedTrack track) {
        sent.add(track);
        msids.put(track.sid(), room.participantSidOf(track.sid()) + "|" + track.sid() + " " + track.sid());
    }

    /** Builds and starts the sending peer on first use; false if that failed (logged). */
    private boolean startPeer(List<SimulatedTrack> initial) throws IOException {
        if (peer != null) {
            return true;
        }
        // The tracks known at the first offer are part of the pipeline from the start; later ones are added to it.
        StringBuilder description = new StringBuilder("webrtcbin name=webrtc bundle-policy=max-bundle\n");
        Path references = references();
        for (int i = 0; i < initial.size(); i++) {
            description.append(sendingStream(initial.get(i), FIRST_PAYLOAD_TYPE + i, references))
                    .append(" ! webrtc.sink_").append(i).append('\n');
        }
        try {
            peer = WebRtcPeer.sender("sim-" + grant.identity(), description.toString(),
                    new WebRtcPeer.Events() {
                        @Override
                        public void iceCandidate(int mlineIndex, String candidate) {
                            sendCandidate(mlineIndex, candidate);
                        }

                        @Override
                        public void error(String element, String message) {
                            LOG.log(Level.WARNING, "room simulator: {0}: {1}", element, message);
                        }
                    });
            if (!room.sendsSenderReports()) {
                // What the RTP session sends as RTCP (its sender reports) is dropped on the way out.
                peer.onElementAdded(element -> {
                    if (element.getName().startsWith(RTP_SESSION)) {
                        element.connect((Element.PAD_ADDED) (session, pad) -> {
                            if (pad.getName().equals(RTCP_OUT)) {
                                pad.addProbe(PadProbeType.BUFFER, (probed, info) -> PadProbeReturn.DROP);
                            }
                        });
                    }
                });
            }
            media = SyntheticMedia.start(peer, grant.identity());
            initial.forEach(media::add);
            initial.forEach(this::startSending);
            peer.start();
            return true;
        } catch (EgressException e) {
            LOG.log(Level.WARNING, "room simulator: cannot start sending to {0}: {1}", grant.identity(),
                    e.toString());
            return false;
        }
    }

    /** One track from its source to the payloader, whose RTP goes on to webrtcbin; a tee keeps a reference copy. */
    private static String sendingStream(SimulatedTrack track, int payloadType, Path references) {
        String tee = "t_" + track.sid();
        return track.encoder() + " ! tee name=" + tee + "\n"
                + tee + ". ! queue ! " + track.referenceSink(
                        references.resolve(track.sid() + track.referenceExtension()).toString()) + "\n"
                + tee + ". ! " + SyntheticMedia.gate(track) + " ! queue ! valve name=valve_" + track.sid() + " ! "
                + track.payloader(payloadType, ThreadLocalRandom.current().nextLong(1, 1L << 32));
    }

    private Path references() throws IOException {
        return Files.createDirectories(room.referenceDir().resolve(grant.identity()));
    }

    private synchronized void trickle(TrickleRequest trickle) throws IOException {
        if (trickle.getTarget() != SignalTarget.SUBSCRIBER || peer == null) {
            return;
        }
        JsonNode candidate = JSON.readTree(trickle.getCandidateInit());
        if (!candidate.path("candidate").asText().isEmpty()) {
            peer.addRemoteCandidate(candidate.path("sdpMLineIndex").asInt(), candidate.path("candidate").asText());
        }
    }

    private void sendCandidate(int mlineIndex, String candidate) {
        Map<String, Object> init = Map.of("candidate", candidate, "sdpMLineIndex", mlineIndex,
                "sdpMid", mlineIndex < mids.size() ? mids.get(mlineIndex) : String.valueOf(mlineIndex));
        try {
            send(SignalResponse.newBuilder().setTrickle(TrickleRequest.newBuilder()
                    .setCandidateInit(JSON.writeValueAsString(init)).setTarget(SignalTarget.SUBSCRIBER)).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops or resumes sending a track (muted or unpublished). */
    void pause(String trackSid, boolean paused) {
        // On the session's thread, as resize: the room calls in holding its lock, while the session's thread may
        // hold the session's lock and wait for the room's (subscribe asks it for tracks): taking the session's lock
        // here deadlocked the two.
        work(() -> setPaused(trackSid, paused));
    }

    private synchronized void setPaused(String trackSid, boolean paused) {
        if (peer != null) {
            try {
                peer.set("valve_" + trackSid, "drop", paused);
            } catch (IllegalArgumentException notSubscribed) {
                // this subscriber never received the track
            }
        }
    }

    /** Sends {@code trackSid}'s video at a new size from its next frame on, if this subscriber receives it. */
    void resize(String trackSid, int width, int height) {
        work(() -> resizeNow(trackSid, width, height));
    }

    private synchronized void resizeNow(String trackSid, int width, int height) {
        if (media != null) {
            media.resize(trackSid, width, height);
        }
    }

    private static ServerInfo serverInfo() {
        // A version of livekit-server's numbering: clients compare it to enable features.
        return ServerInfo.newBuilder().setEdition(ServerInfo.Edition.Standard).setVersion(SERVER_VERSION)
                .setProtocol(PROTOCOL).setNodeId("egress4j-simulator").build();
    }

    String participantSid() {
        return self.getSid();
    }

    boolean recorder() {
        return grant.recorder();
    }

    /** The subscriber's own metadata changed: it learns so from a participant update about itself. */
    void metadataChanged(String metadata, int version) {
        synchronized (self) { // not the session's lock, for the reason given at pause
            send(SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
                    .addParticipants(self.setMetadata(metadata).setVersion(version))).build());
        }
    }

    boolean leaving() {
        return leaving;
    }

    /**
     * The subscriber came back on {@code resumed} after its connection dropped: confirm the resume, then bring it
     * up to date with what happened while it was away (livekit-server replays missed messages; a fresh update of
     * every publisher serves the same purpose). The peer connection was never touched.
     */
    void resume(WebSocket resumed) {
        connection = resumed;
        send(SignalResponse.newBuilder().setReconnect(ReconnectResponse.newBuilder()
                .setServerInfo(serverInfo()))
                .build());
        send(SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
                .addAllParticipants(room.publishers())).build());
    }

    /** Drops the signalling connection without a close handshake, as a network failure would. */
    void dropConnection() {
        connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "simulated network failure");
    }

    void roomClosed() {
        leave(DisconnectReason.ROOM_DELETED);
    }

    /** Another participant joined with this one's identity: as livekit-server, the older one is told to leave. */
    void replaced() {
        leaving = true;
        leave(DisconnectReason.DUPLICATE_IDENTITY);
    }

    private void leave(DisconnectReason reason) {
        send(SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder().setCanReconnect(false)
                .setReason(reason).setAction(LeaveRequest.Action.DISCONNECT)).build());
        connection.close();
        end();
    }

    String identity() {
        return grant.identity();
    }

    /**
     * Ends the session without waiting: the peer is released on the session's own thread, after the work queued
     * before. The caller is often one of the server's few signalling threads, which every other subscriber's pings
     * share; releasing a peer there held them up for half a second or more per leaving subscriber.
     */
    void end() {
        ended = true;
        work(this::release);
        peerWork.shutdown();
    }

    /** Waits until {@link #end()} has finalised the reference files; false if that took longer than {@code limit}. */
    boolean awaitEnd(Duration limit) throws InterruptedException {
        return peerWork.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the session's thread, in order; dropped once the session ended. */
    private void work(Runnable task) {
        try {
            peerWork.execute(task);
        } catch (RejectedExecutionException sessionEnded) {
            // nothing is done for a subscriber that is gone
        }
    }

    /** Finalises the reference files and releases the peer. */
    private synchronized void release() {
        if (peer == null) {
            return;
        }
        peer.sendEndOfStream();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peer.close();
        peer = null;
    }

    void send(SignalResponse response) {
        if (connection.isOpen()) {
            connection.send(response.toByteArray());
        }
    }

    private WebRtcPeer peer() throws EgressException {
        if (peer == null) {
            throw new EgressException(EgressException.Code.FAILED_PRECONDITION, "no subscriber offer was sent");
        }
        return peer;
    }
}
