package io.egress4j.room;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.media.WebRtcPeer;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantTracks;
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
 */
public final class RoomClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RoomClient.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    private static final int PROTOCOL = 17;

    /** What the room tells a subscriber. Called on the signalling thread: keep it short. */
    public interface Listener {

        /** Participants as they are now: the join's list first, then every update (tracks, mute, leave). */
        void participants(List<ParticipantInfo> participants);

        /** The server ended the session: the room closed, or this participant was removed. */
        void left(String reason);

        /** The signalling connection dropped without a leave: the server went away. */
        void disconnected(String reason);

        /** The media connection failed. */
        default void mediaError(String error) {
        }

        /** Every subscribed stream finished after {@link #sendEndOfStream()}: the files are complete. */
        default void endOfStream() {
        }
    }

    /** A subscribed track's stream arriving; return the launch fragment that records it (it takes RTP). */
    public interface TrackSink {
        String fragmentFor(String trackSid, WebRtcPeer.IncomingStream stream);
    }

    private final Listener listener;
    private final String name;
    private final CompletableFuture<JoinResponse> joined = new CompletableFuture<>();
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "room-ping");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CandidateInit> earlyCandidates = new ArrayList<>();
    private WebSocket socket;
    private volatile TrackSink trackSink;
    private volatile Map<String, Consumer<byte[]>> appSinks = Map.of();
    private WebRtcPeer peer;
    private SubscriberOffer offer;
    private volatile boolean closed;
    /** The server said leave: the close that follows is expected. */
    private volatile boolean leaving;

    private RoomClient(String name, Listener listener) {
        this.name = name;
        this.listener = listener;
    }

    /**
     * Joins the room and returns once the server sent its JoinResponse.
     *
     * @param wsUrl the LiveKit server, e.g. {@code wss://my.livekit.cloud}
     * @throws EgressException UNAVAILABLE when the server cannot be reached or refuses the token
     */
    public static RoomClient join(String wsUrl, String token, String name, Listener listener) throws EgressException {
        RoomClient client = new RoomClient(name, listener);
        URI uri = URI.create(wsUrl.replaceAll("/+$", "") + "/rtc?protocol=" + PROTOCOL + "&auto_subscribe=0&sdk=java"
                + "&version=" + URLEncoder.encode("0.1.0", StandardCharsets.UTF_8) + "&os=linux");
        try {
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(JOIN_TIMEOUT)
                    .buildAsync(uri, client.new Signalling()).get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JoinResponse join = client.joined.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long interval = Math.max(1, join.getPingInterval());
            client.pings.scheduleAtFixedRate(client::ping, interval, interval, TimeUnit.SECONDS);
            listener.participants(join.getOtherParticipantsList());
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.UNAVAILABLE, "interrupted while joining the room");
        } catch (Exception e) {
            client.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EgressException(Code.UNAVAILABLE, "could not join the room at " + wsUrl + ": " + cause);
        }
    }

    public Room room() {
        return joined.join().getRoom();
    }

    /** Asks for {@code trackSid} of {@code participantSid}; its media goes where {@code sink} says. */
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
        send(SignalRequest.newBuilder().setSubscription(UpdateSubscription.newBuilder().addTrackSids(trackSid)
                .setSubscribe(true).addParticipantTracks(ParticipantTracks.newBuilder()
                        .setParticipantSid(participantSid).addTrackSids(trackSid))).build());
    }

    /** Ends the subscribed streams (muxers write their trailers); the caller waits, then closes. */
    public synchronized void sendEndOfStream() {
        if (peer != null) {
            peer.sendEndOfStream();
        }
    }

    /** Leaves the room and releases the media connection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pings.shutdownNow();
        if (socket != null && !socket.isOutputClosed()) {
            send(SignalRequest.newBuilder().setLeave(livekit.LivekitRtc.LeaveRequest.newBuilder()
                    .setReason(livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED)).build());
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving");
        }
        if (peer != null) {
            peer.close();
            peer = null;
        }
    }

    private void received(SignalResponse response) {
        switch (response.getMessageCase()) {
            case JOIN -> joined.complete(response.getJoin());
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
        if (closed) {
            return;
        }
        try {
            if (peer == null) {
                offer = SubscriberOffer.parse(description.getSdp());
                peer = WebRtcPeer.receiver(name, stream -> {
                    TrackSink sink = trackSink;
                    String track = offer.trackAt(stream.mlineIndex());
                    return sink == null ? null : sink.fragmentFor(track, stream);
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
                });
                appSinks.forEach(peer::onAppSinkData);
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

    private void ping() {
        send(SignalRequest.newBuilder().setPing(System.currentTimeMillis()).build());
    }

    private synchronized void send(SignalRequest request) {
        if (socket == null || socket.isOutputClosed()) {
            return;
        }
        try {
            socket.sendBinary(ByteBuffer.wrap(request.toByteArray()), true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "{0}: signalling send failed: {1}", name, e.toString());
        }
    }

    /** Reassembles binary messages (they may arrive in parts) and hands each SignalResponse on. */
    private final class Signalling implements WebSocket.Listener {

        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
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
            joined.completeExceptionally(new IllegalStateException("closed before join: " + statusCode + " " + reason));
            if (!closed && !leaving) {
                listener.disconnected("signalling connection closed (" + statusCode + (reason.isEmpty() ? ""
                        : " " + reason) + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            joined.completeExceptionally(error);
            if (!closed && !leaving) {
                listener.disconnected("signalling connection failed: " + error.getMessage());
            }
        }
    }
}
