package io.egress4j.egress.sdk;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.SourceRequest;
import io.egress4j.api.VideoFormat;
import io.egress4j.media.WebRtcPeer.IncomingStream;
import io.egress4j.room.RoomClient;
import io.egress4j.room.SessionRoomListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/**
 * The room as one egress receives it: joined as a hidden recorder, the tracks its {@link TrackChoice} routes
 * subscribed as they are published (later ones included), decoded in the subscriber's pipeline and handed to the
 * core's one encode through inter channels (see {@link Decoding}).
 */
final class RoomCapture implements Capture {

    private static final System.Logger LOG = System.getLogger(RoomCapture.class.getName());
    /** Upstream waits this long for a participant or track to appear. */
    private static final Duration FIND_WAIT = Duration.ofSeconds(30);
    /** The subscriber's sinks hand media on this long after it was received: its jitter buffers and the mix. */
    private static final Duration RECEIVE_LATENCY = Duration.ofMillis(700);

    private final RecordingSession session;
    private final TrackChoice choice;
    private final SourceRequest request;
    private final CaptureEvents events;
    /** Connected participants by sid. */
    private final Map<String, ParticipantInfo> participants = new ConcurrentHashMap<>();
    /** Where each subscribed track goes, by track sid. */
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> findWait;
    private volatile RoomClient room;

    private RoomCapture(RecordingSession session, TrackChoice choice, SourceRequest request, CaptureEvents events) {
        this.session = session;
        this.choice = choice;
        this.request = request;
        this.events = events;
        this.findWait = CompletableFuture.runAsync(this::notFound,
                CompletableFuture.delayedExecutor(FIND_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Joins the room and subscribes to what is already there.
     *
     * @param startAtOnce whether recording starts on joining (a room mix, silent until someone speaks) rather than
     *                    with the first media received
     */
    static RoomCapture open(RecordingSession session, RoomAccess access, TrackChoice choice, SourceRequest request,
                            CaptureEvents events, boolean startAtOnce) throws EgressException {
        RoomCapture capture = new RoomCapture(session, choice, request, events);
        try {
            capture.room = RoomClient.join(access.wsUrl(), access.token(), request.egressId(),
                    new RoomClient.Receiver(Decoding.mix(request.egressId()), RECEIVE_LATENCY), capture.listener());
            session.room(capture.room.room().getName(), capture.room.room().getSid());
            capture.update();
        } catch (EgressException | RuntimeException e) {
            capture.close();
            throw e;
        }
        if (startAtOnce) {
            events.started();
        }
        return capture;
    }

    @Override
    public Optional<String> videoElements() {
        return Optional.ofNullable(request.video()).map(video -> Decoding.videoSource(request.egressId()));
    }

    @Override
    public Optional<String> audioElements() {
        return request.audio() ? Optional.of(Decoding.audioSource(request.egressId())) : Optional.empty();
    }

    @Override
    public void close() {
        findWait.cancel(false);
        if (room != null) {
            room.close();
        }
    }

    /** Subscribes to newly routed tracks and ends the egress when the choice says so. */
    private synchronized void update() {
        RoomClient joined = room;
        if (joined == null) {
            return; // still joining: open() updates once it has the client
        }
        try {
            for (ParticipantInfo participant : participants.values()) {
                for (TrackInfo track : participant.getTracksList()) {
                    if (!routes.containsKey(track.getSid())) {
                        Optional<Route> route = choice.route(participant, track);
                        if (route.isPresent() && wanted(route.get())) {
                            routes.put(track.getSid(), route.get());
                            joined.subscribe(participant.getSid(), track.getSid(), this::fragmentFor);
                        }
                    }
                }
            }
        } catch (EgressException e) {
            session.fail(e);
            return;
        }
        if (choice.found(participants.values())) {
            findWait.cancel(false);
        }
        choice.ended(participants.values()).ifPresent(session::sourceClosed);
    }

    /** Video only when the egress records video, audio only when it records audio. */
    private boolean wanted(Route route) {
        return route.audio() ? request.audio() : request.video() != null;
    }

    private String fragmentFor(String trackSid, IncomingStream stream) {
        Route route = routes.get(trackSid);
        LOG.log(Level.DEBUG, "{0}: {1} stream of track {2} (section {3}) goes to {4}", request.egressId(),
                stream.encodingName(), trackSid, stream.mid(), route);
        if (route == null) {
            return null;
        }
        Optional<String> fragment = Decoding.fragment(stream, route, request.video(), request.egressId());
        if (fragment.isEmpty()) {
            LOG.log(Level.WARNING, "{0}: track {1} arrives as {2}, which egress4j cannot decode; it is left out",
                    request.egressId(), trackSid, stream.encodingName());
        }
        return fragment.orElse(null);
    }

    private void notFound() {
        if (!choice.found(participants.values())) {
            choice.notFound().ifPresent(message -> session.fail(new EgressException(Code.NOT_FOUND, message)));
        }
    }

    private RoomClient.Listener listener() {
        return new SessionRoomListener(session) {
            @Override
            public void participants(List<ParticipantInfo> updated) {
                for (ParticipantInfo participant : updated) {
                    if (participant.getState() == ParticipantInfo.State.DISCONNECTED) {
                        participants.remove(participant.getSid());
                    } else {
                        participants.put(participant.getSid(), participant);
                    }
                }
                update();
            }

            @Override
            public void recordingStarted() {
                events.started();
            }
        };
    }
}
