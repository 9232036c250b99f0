package io.egress4j.egress.track;

import io.egress4j.api.DirectFile;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RoomAccess;
import io.egress4j.media.RecordedMedia;
import io.egress4j.room.RoomClient;
import io.egress4j.room.SessionRoomListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;

/**
 * One track egress: join the room as a hidden recorder, wait for the track (30 s), subscribe, remux its RTP into a
 * file without transcoding (or send its audio as PCM to a websocket), and end when the track is unpublished, its
 * publisher leaves, the room closes or someone stops the egress.
 */
final class TrackRecording implements PlannedEgress {

    /** Upstream waits this long for a track to appear. */
    private static final Duration TRACK_WAIT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    /**
     * What a websocket receives: interleaved S16LE, 48 kHz, stereo (Opus decoded; upstream does the same). The
     * opusparse has muted spans filled with silence before decoding.
     */
    private static final String PCM = "rtpopusdepay ! opusparse ! opusdec ! audioconvert ! audioresample ! "
            + "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2 ! appsink name=pcm sync=false";

    private record ParticipantTrack(ParticipantInfo participant, TrackInfo track) {
    }

    private final TrackEgressRequest request;
    /** The file to write, or null when the track's audio goes to a websocket. */
    private final DirectFile file;
    private final RoomAccess access;
    private final TrackEgressRequest redacted;
    private final CompletableFuture<ParticipantTrack> found = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Set while the track's audio goes to a websocket: mute changes are sent there. */
    private volatile AudioWebSocket audioSocket;
    private volatile Boolean lastMuted;

    TrackRecording(TrackEgressRequest request, DirectFile file, RoomAccess access, TrackEgressRequest redacted) {
        this.request = request;
        this.file = file;
        this.access = access;
        this.redacted = redacted;
    }

    @Override
    public void describe(EgressInfo.Builder info) {
        info.setRoomName(request.getRoomName()).setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_SDK)
                .setTrack(redacted);
        if (file == null) {
            info.addStreamResults(StreamInfo.newBuilder().setUrl(redacted.getWebsocketUrl()));
        }
    }

    @Override
    public String summary() {
        return "track egress of " + request.getTrackId() + " in room " + request.getRoomName();
    }

    @Override
    public void record(RecordingSession session) throws EgressException, InterruptedException {
        try (RoomClient room = RoomClient.join(access.wsUrl(), access.token(), session.egressId(),
                roomEvents(session))) {
            session.room(room.room().getName(), room.room().getSid());
            ParticipantTrack subscribed = awaitTrack(session);
            if (subscribed == null) {
                return;
            }
            if (file == null) {
                streamAudio(session, room, subscribed);
            } else {
                recordFile(session, room, subscribed);
            }
        }
    }

    /** Subscribes, records until the egress ends, and drains; the core stores the file. */
    private void recordFile(RecordingSession session, RoomClient room, ParticipantTrack subscribed)
            throws EgressException, InterruptedException {
        TrackInfo track = subscribed.track();
        TrackFormat format = TrackFormat.of(track.getMimeType(), request.getFile().getFilepath());
        Path target = session.directFile(file, format.extension(), format.contentType(), request.getTrackId(),
                new NameValues(room.room().getName(), room.room().getSid(), subscribed.participant().getIdentity(),
                        request.getTrackId(), track.getType().name().toLowerCase(Locale.ROOT),
                        track.getSource().name().toLowerCase(Locale.ROOT)));
        receive(session, room, format.fragment(target), Map.of());
        // The file's times as its media places them, so that FileInfo's duration is what a player shows (a mute
        // or a lost packet does not shorten it) and files of one room line up on the wall clock.
        Optional<RecordedMedia> media = room.recordedMedia();
        session.mediaSpan(media.map(RecordedMedia::start).orElse(null),
                media.map(RecordedMedia::end).orElseGet(Instant::now));
        if (!Files.exists(target)) {
            throw new EgressException(Code.INTERNAL, "no media was received from track " + request.getTrackId());
        }
    }

    /** The track's audio as raw PCM to the request's websocket_url; upstream refuses video the same way. */
    private void streamAudio(RecordingSession session, RoomClient room, ParticipantTrack subscribed)
            throws EgressException, InterruptedException {
        if (subscribed.track().getType() != TrackType.AUDIO) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format websocket incompatible with codec "
                    + subscribed.track().getMimeType());
        }
        StreamInfo.Builder stream = StreamInfo.newBuilder().setUrl(redacted.getWebsocketUrl());
        AtomicReference<String> streamError = new AtomicReference<>("");
        try (AudioWebSocket socket = AudioWebSocket.dial(request.getWebsocketUrl(), error -> {
            streamError.compareAndSet("", error);
            session.fail(new EgressException(Code.UNAVAILABLE, error));
        })) {
            audioSocket = socket;
            long started = nanos(Instant.now());
            session.streamResult(stream.setStatus(StreamInfo.Status.ACTIVE).setStartedAt(started).build());
            receive(session, room, PCM, Map.of("pcm", socket::pcm));
        } catch (EgressException e) {
            streamError.compareAndSet("", e.getMessage());
            throw e;
        } finally {
            audioSocket = null;
            long ended = nanos(Instant.now());
            stream.setEndedAt(ended).setDuration(stream.getStartedAt() > 0 ? ended - stream.getStartedAt() : 0);
            session.streamResult((streamError.get().isEmpty() ? stream.setStatus(StreamInfo.Status.FINISHED)
                    : stream.setStatus(StreamInfo.Status.FAILED).setError(streamError.get())).build());
        }
    }

    /** Subscribes with {@code fragment}, waits for the ending, then drains what was received. */
    private void receive(RecordingSession session, RoomClient room, String fragment,
                         Map<String, Consumer<byte[]>> appSinks) throws EgressException, InterruptedException {
        String trackId = request.getTrackId();
        room.subscribe(found.join().participant().getSid(), trackId,
                (trackSid, stream) -> trackSid.equals(trackId) ? fragment : null, appSinks);
        session.awaitEnding();
        room.sendEndOfStream();
        try {
            drained.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new EgressException(Code.INTERNAL, "pipeline frozen");
        }
    }

    private RoomClient.Listener roomEvents(RecordingSession session) {
        return new SessionRoomListener(session) {
            @Override
            public void participants(List<ParticipantInfo> participants) {
                for (ParticipantInfo participant : participants) {
                    Optional<TrackInfo> track = participant.getTracksList().stream()
                            .filter(t -> t.getSid().equals(request.getTrackId())).findFirst();
                    if (track.isPresent() && participant.getState() != ParticipantInfo.State.DISCONNECTED) {
                        found.complete(new ParticipantTrack(participant, track.get()));
                        muted(track.get().getMuted());
                    } else if (found.isDone() && found.join().participant().getSid().equals(participant.getSid())) {
                        session.sourceClosed(participant.getState() == ParticipantInfo.State.DISCONNECTED
                                ? "Participant left" : "Track unpublished");
                    }
                }
            }

            @Override
            public void endOfStream() {
                drained.complete(null);
            }

            @Override
            public void recordingStarted() {
                // Active, and the file's start, once media is written (after the keyframe wait for video).
                session.active(Instant.now());
            }
        };
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Tells a websocket receiver when the track is muted or unmuted. */
    private void muted(boolean muted) {
        AudioWebSocket socket = audioSocket;
        if (socket != null && !Boolean.valueOf(muted).equals(lastMuted)) {
            socket.muted(muted);
        }
        lastMuted = muted;
    }

    /** The track, or null when the egress ended first (NotFound after 30 s, or stopped). */
    private ParticipantTrack awaitTrack(RecordingSession session) throws InterruptedException {
        CompletableFuture<Void> ended = session.whenEnded().toCompletableFuture();
        try {
            CompletableFuture.anyOf(found, ended).get(TRACK_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            session.fail(new EgressException(Code.NOT_FOUND, "track " + request.getTrackId() + " not found"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("the futures never fail", e);
        }
        return found.isDone() && !session.ended() ? found.join() : null;
    }
}
