package io.egress4j.room;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.media.RecordedMedia;
import io.egress4j.media.WebRtcPeer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantTracks;
import livekit.LivekitModels.ReconnectReason;
import livekit.LivekitModels.Room;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import livekit.LivekitRtc.UpdateSubscription;

/**
 * A hidden, subscribe-only participant in a LiveKit room, the way the egress joins: {@code /rtc} (v0) with a
 * Bearer token and {@code auto_subscribe=0}, explicit subscriptions, answering the server's subscriber offers on a
 * webrtcbin peer, ICE both ways, pings at the server's interval. Participant updates and the end of the session go
 * to the {@link Listener}.
 *
 * <p>A dropped signalling connection (or one that stops answering pings) is resumed the way LiveKit clients do it:
 * {@code reconnect=1} with our participant SID, retried with backoff for {@link #RECONNECT_WINDOW}. The media
 * connection does not depend on signalling, so recording goes on meanwhile; only when the window closes does the
 * listener hear {@link Listener#disconnected}.
 */
public final class RoomClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RoomClient.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** How long a lost signalling connection is retried before the session counts as failed. */
    static final Duration RECONNECT_WINDOW = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);
    private static final int PROTOCOL = 17;

    /** What the room tells a subscriber. Called on signalling and GStreamer threads: keep it short. */
    public interface Listener {

        /** Participants as they are now: the join's list first, then every update (tracks, mute, leave). */
        void participants(List<ParticipantInfo> participants);

        /**
         * The server ended the session: the room closed, this participant was removed, or another joined with its
         * identity; {@code reason} is the DisconnectReason's name.
         */
        void left(String reason);

        /** Signalling was lost without a leave and could not be resumed: the server went away. */
        void disconnected(String reason);

        /** The media connection failed. */
        default void mediaError(String error) {
        }

        /** Every subscribed stream finished after {@link #sendEndOfStream()}: the files are complete. */
        default void endOfStream() {
        }

        /** The first media of a subscribed track is being written. */
        default void recordingStarted() {
        }
    }

    /** A subscribed track's stream arriving; return the launch fragment that records it (it takes RTP). */
    public interface TrackSink {
        String fragmentFor(String trackSid, WebRtcPeer.IncomingStream stream);
    }

    /**
     * What the subscriber's pipeline holds besides the streams: {@code elements} that fragments may feed (see
     * {@link WebRtcPeer#MIX}), and a fixed {@code latency} for its sinks (null: GStreamer's own). With a latency the
     * streams are rendered in sync, aligned on their senders' RTCP reports; a stream whose reports never arrive is
     * logged as a warning.
     */
    public record Receiver(String elements, Duration latency) {

        /** Nothing but the streams: each fragment ends in its own sink. */
        public static final Receiver STREAMS_ONLY = new Receiver("", null);
    }

    private final Listener listener;
    private final Receiver receiver;
    private final String name;
    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<JoinResponse> joined = new CompletableFuture<>();
    /** Pings and reconnects. */
    private final ScheduledExecutorService signallingTasks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "room-signalling");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CandidateInit> earlyCandidates = new ArrayList<>();
    private volatile WebSocket socket;
    /** The listener of the newest socket; earlier attempts' messages are ignored. */
    private volatile Signalling current;
    /** Every track asked for, by participant sid; asked again after a resume in case it was lost then. */
    private final Map<String, Set<String>> subscribed = new LinkedHashMap<>();
    /** Completed by the server's answer to a resume attempt. */
    private volatile CompletableFuture<Void> resumed = new CompletableFuture<>();
    private volatile boolean reconnecting;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile TrackSink trackSink;
    private volatile Map<String, Consumer<byte[]>> appSinks = Map.of();
    private WebRtcPeer peer;
    /** The latest subscriber offer; read by webrtcbin's callbacks. */
    private volatile SubscriberOffer offer;
    private final Object sending = new Object();
    private volatile boolean closed;
    /** The server said leave: the close that follows is expected. */
    private volatile boolean leaving;
    private final SenderReports senderReports;

    private RoomClient(String wsUrl, String token, String name, Receiver receiver, Listener listener) {
        this.baseUrl = wsUrl.replaceAll("/+$", "");
        this.token = token;
        this.name = name;
        this.receiver = receiver;
        this.listener = listener;
        this.senderReports = new SenderReports(name, SenderReports.WAIT, warning -> LOG.log(Level.WARNING, warning));
    }

    /**
     * Joins the room and returns once the server sent its JoinResponse.
     *
     * @param wsUrl the LiveKit server, e.g. {@code wss://my.livekit.cloud}
     * @throws EgressException UNAVAILABLE when the server cannot be reached or refuses the token
     */
    public static RoomClient join(String wsUrl, String token, String name, Listener listener) throws EgressException {
        return join(wsUrl, token, name, Receiver.STREAMS_ONLY, listener);
    }

    /** As {@link #join(String, String, String, Listener)}, with a subscriber pipeline holding {@code receiver}. */
    public static RoomClient join(String wsUrl, String token, String name, Receiver receiver, Listener listener)
            throws EgressException {
        RoomClient client = new RoomClient(wsUrl, token, name, receiver, listener);
        try {
            client.socket = client.dial("", JOIN_TIMEOUT);
            JoinResponse join = client.joined.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long interval = Math.max(1, join.getPingInterval());
            Duration timeout = Duration.ofSeconds(join.getPingTimeout() > 0 ? join.getPingTimeout() : 15);
            client.signallingTasks.scheduleWithFixedDelay(() -> client.ping(timeout), interval, interval,
                    TimeUnit.SECONDS);
            listener.participants(join.getOtherParticipantsList());
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new EgressException(Code.UNAVAILABLE, "interrupted while joining the room");
        } catch (Exception e) {
            client.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EgressException(Code.UNAVAILABLE, "could not join the room at " + wsUrl + ": " + cause);
        }
    }

    /**
     * Opens a signalling WebSocket; {@code extraQuery} is appended to the usual parameters. Only the newest one is
     * listened to: messages still arriving on an earlier attempt are ignored.
     */
    private WebSocket dial(String extraQuery, Duration timeout) throws Exception {
        URI uri = URI.create(baseUrl + "/rtc?protocol=" + PROTOCOL + "&auto_subscribe=0&sdk=java"
                + "&version=" + URLEncoder.encode("0.1.0", StandardCharsets.UTF_8) + "&os=linux" + extraQuery);
        Signalling attempt = new Signalling();
        current = attempt;
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(timeout)
                .buildAsync(uri, attempt);
        try {
            return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            // Nobody may own a socket that opens after we gave up on it.
            opening.thenAccept(WebSocket::abort);
            throw e;
        }
    }

    public Room room() {
        return joined.join().getRoom();
    }

    /**
     * Asks for {@code trackSid} of {@code participantSid}, besides the tracks asked for before; its media goes
     * where {@code sink} says (one sink serves every track: the last one given).
     */
    public synchronized void subscribe(String participantSid, String trackSid, TrackSink sink) {
        subscribe(participantSid, trackSid, sink, Map.of());
    }

    /**
     * As {@link #subscribe(String, String, TrackSink)}, and the bytes reaching each appsink named in
     * {@code appSinks} (inside the fragment {@code sink} returns) go to its consumer.
     */
    public synchronized void subscribe(String participantSid, String trackSid, TrackSink sink,
                                       Map<String, Consumer<byte[]>> appSinks) {
        this.trackSink = sink;
        this.appSinks = Map.copyOf(appSinks);
        subscribed.computeIfAbsent(participantSid, sid -> new LinkedHashSet<>()).add(trackSid);
        LOG.log(Level.DEBUG, "{0}: subscribing to {1} of {2}", name, trackSid, participantSid);
        send(SignalRequest.newBuilder().setSubscription(UpdateSubscription.newBuilder()
                .addTrackSids(trackSid).setSubscribe(true).addParticipantTracks(ParticipantTracks.newBuilder()
                        .setParticipantSid(participantSid).addTrackSids(trackSid))).build());
    }

    /** Every track asked for so far, in one request. */
    private synchronized SignalRequest allSubscriptions() {
        UpdateSubscription.Builder update = UpdateSubscription.newBuilder().setSubscribe(true);
        subscribed.forEach((participant, tracks) -> {
            update.addAllTrackSids(tracks);
            update.addParticipantTracks(ParticipantTracks.newBuilder().setParticipantSid(participant)
                    .addAllTrackSids(tracks));
        });
        return SignalRequest.newBuilder().setSubscription(update).build();
    }

    /** Ends the subscribed streams (muxers write their trailers); the caller waits, then closes. */
    public synchronized void sendEndOfStream() {
        if (peer != null) {
            peer.sendEndOfStream();
        }
    }

    /** Where the subscribed tracks' recorded media sits on the wall clock; empty before any was written. */
    public synchronized Optional<RecordedMedia> recordedMedia() {
        return peer == null ? Optional.empty() : peer.recordedMedia();
    }

    /** Leaves the room and releases the media connection. */
    @Override
    public void close() {
        WebRtcPeer media;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            senderReports.close();
            signallingTasks.shutdownNow();
            if (socket != null && !socket.isOutputClosed()) {
                send(SignalRequest.newBuilder().setLeave(livekit.LivekitRtc.LeaveRequest.newBuilder()
                        .setReason(livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED)).build());
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving");
            }
            media = peer;
            peer = null;
        }
        // Outside the lock: stopping the pipeline waits for its threads, which may be about to send a candidate.
        if (media != null) {
            media.close();
        }
    }

    private void received(SignalResponse response) {
        lastHeardNanos = System.nanoTime();
        switch (response.getMessageCase()) {
            case JOIN -> {
                if (!joined.complete(response.getJoin())) {
                    // A second join means the server started a new session instead of resuming ours.
                    resumed.completeExceptionally(new IllegalStateException("the server did not resume the session"));
                }
            }
            case RECONNECT -> resumed.complete(null);
            case OFFER -> answer(response.getOffer());
            case TRICKLE -> trickle(response.getTrickle());
            case UPDATE -> listener.participants(response.getUpdate().getParticipantsList());
            case LEAVE -> {
                leaving = true;
                listener.left(response.getLeave().getReason().name());
            }
            default -> { } // pongs, speakers, quality, room updates: nothing the recording needs
        }
    }

    private synchronized void answer(SessionDescription description) {
        LOG.log(Level.DEBUG, "{0}: subscriber offer {1} with {2} media sections", name, description.getId(),
                description.getSdp().split("\nm=").length - 1);
        if (closed) {
            return;
        }
        try {
            if (peer == null) {
                offer = SubscriberOffer.parse(description.getSdp());
                peer = WebRtcPeer.receiver(name, receiver.elements(), receiver.latency(), stream -> {
                    TrackSink sink = trackSink;
                    String track = offer.trackOf(stream);
                    String fragment = sink == null ? null : sink.fragmentFor(track, stream);
                    Long ssrc = SubscriberOffer.ssrcOf(stream);
                    if (fragment != null && ssrc != null && receiver.latency() != null) {
                        senderReports.expect(ssrc, track);
                    }
                    return fragment;
                }, new WebRtcPeer.Events() {
                    @Override
                    public void iceCandidate(int mlineIndex, String candidate) {
                        send(SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                                .setTarget(SignalTarget.SUBSCRIBER).setCandidateInit(
                                        new CandidateInit(candidate, offer.midAt(mlineIndex), mlineIndex).json()))
                                .build());
                    }

                    @Override
                    public void error(String element, String message) {
                        listener.mediaError(element + ": " + message);
                    }

                    @Override
                    public void endOfStream() {
                        listener.endOfStream();
                    }

                    @Override
                    public void recordingStarted() {
                        listener.recordingStarted();
                    }
                });
                appSinks.forEach(peer::onAppSinkData);
                if (receiver.latency() != null) {
                    peer.onRtcpReport(senderReports::reported);
                }
                peer.start();
            } else {
                offer = SubscriberOffer.parse(description.getSdp());
            }
            String answer = peer.answer(description.getSdp());
            send(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer")
                    .setSdp(answer).setId(description.getId())).build());
            earlyCandidates.forEach(candidate -> peer.addRemoteCandidate(candidate.sdpMLineIndex(),
                    candidate.candidate()));
            earlyCandidates.clear();
        } catch (EgressException e) {
            listener.mediaError("cannot answer the subscriber offer: " + e.getMessage());
        }
    }

    private synchronized void trickle(TrickleRequest trickle) {
        if (trickle.getTarget() != SignalTarget.SUBSCRIBER) {
            return;
        }
        CandidateInit candidate = CandidateInit.parse(trickle.getCandidateInit());
        if (candidate.candidate().isEmpty()) {
            return;
        }
        if (peer == null) {
            earlyCandidates.add(candidate);
        } else {
            peer.addRemoteCandidate(candidate.sdpMLineIndex(), candidate.candidate());
        }
    }

    /** Pings; a server that has been silent for longer than its ping timeout counts as gone. */
    private void ping(Duration timeout) {
        if (reconnecting) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > timeout.toNanos()) {
            WebSocket silent = socket;
            silent.abort();
            connectionLost(silent, "no answer from the server for " + timeout.toSeconds() + " s");
            return;
        }
        send(SignalRequest.newBuilder().setPing(System.currentTimeMillis()).build());
    }

    /** Signalling dropped without a leave: resume it in the background while the media keeps flowing. */
    private void connectionLost(WebSocket which, String reason) {
        if (closed || leaving || which != socket || reconnecting || !joined.isDone()
                || joined.isCompletedExceptionally()) {
            return;
        }
        reconnecting = true;
        LOG.log(Level.WARNING, "{0}: {1}; reconnecting", name, reason);
        try {
            signallingTasks.execute(() -> resume(reason));
        } catch (RejectedExecutionException closing) {
            // close() got there first
        }
    }

    private void resume(String reason) {
        String sid = joined.join().getParticipant().getSid();
        long deadline = System.nanoTime() + RECONNECT_WINDOW.toNanos();
        Duration backoff = Duration.ofMillis(500);
        for (int attempt = 1; !closed && System.nanoTime() < deadline; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            WebSocket fresh = null;
            try {
                resumed = new CompletableFuture<>();
                fresh = dial("&reconnect=1&sid=" + sid + "&reconnect_reason="
                        + ReconnectReason.RR_SIGNAL_DISCONNECTED_VALUE, left);
                synchronized (this) {
                    if (closed) {
                        fresh.abort();
                        return;
                    }
                    socket = fresh;
                }
                resumed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                lastHeardNanos = System.nanoTime();
                reconnecting = false;
                LOG.log(Level.INFO, "{0}: signalling resumed (attempt {1})", name, attempt);
                SignalRequest subscriptions = allSubscriptions();
                if (subscriptions.getSubscription().getTrackSidsCount() > 0) {
                    send(subscriptions);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "{0}: reconnect attempt {1} failed: {2}", name, attempt,
                        e.getCause() != null ? e.getCause() : e);
                if (fresh != null) {
                    fresh.abort();
                }
                if (e.getCause() instanceof IllegalStateException) {
                    break; // the server answered, but will not resume this session
                }
            }
            try {
                Thread.sleep(Math.min(backoff.toMillis(), Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(MAX_BACKOFF) > 0) {
                backoff = MAX_BACKOFF;
            }
        }
        if (!closed) {
            listener.disconnected(reason + "; not resumed within " + RECONNECT_WINDOW.toSeconds() + " s");
        }
    }

    /**
     * Sends one message; sends never overlap (the WebSocket allows one at a time). Not under the client's lock:
     * webrtcbin calls back with ICE candidates on the thread that would also complete an answer the client is
     * waiting for under that lock.
     */
    private void send(SignalRequest request) {
        synchronized (sending) {
            WebSocket current = socket;
            if (current == null || current.isOutputClosed()) {
                return;
            }
            try {
                current.sendBinary(ByteBuffer.wrap(request.toByteArray()), true).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "{0}: signalling send failed: {1}", name, e.toString());
            }
        }
    }

    /** Reassembles binary messages (they may arrive in parts) and hands each SignalResponse on. */
    private final class Signalling implements WebSocket.Listener {

        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (this != current) {
                return null; // an abandoned attempt: not asking for more ends its stream
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                try {
                    received(SignalResponse.parseFrom(partial.toByteArray()));
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "{0}: unreadable signalling message: {1}", name, e.toString());
                }
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (this != current) {
                return null;
            }
            joined.completeExceptionally(new IllegalStateException("closed before join: " + statusCode + " " + reason));
            resumed.completeExceptionally(new IOException("closed: " + statusCode + " " + reason));
            connectionLost(webSocket, "signalling connection closed (" + statusCode + (reason.isEmpty() ? ""
                    : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (this != current) {
                return;
            }
            joined.completeExceptionally(error);
            resumed.completeExceptionally(error);
            connectionLost(webSocket, "signalling connection failed: " + error.getMessage());
        }
    }
}
