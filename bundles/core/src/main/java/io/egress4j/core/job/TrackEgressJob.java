package io.egress4j.core.job;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.naming.FileNaming;
import io.egress4j.core.naming.TemplateValues;
import io.egress4j.core.pipeline.TrackFormat;
import io.egress4j.core.request.TrackPlan;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.media.RecordedMedia;
import io.egress4j.room.RoomClient;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;

/**
 * Runs one track egress: join the room as a hidden recorder, wait for the track (30 s), subscribe, remux its RTP
 * into a file without transcoding, and end when the track is unpublished, its publisher leaves, the room closes or
 * someone stops the egress. The file is finalised and stored whatever ended it.
 */
public final class TrackEgressJob implements Job {

    /** Upstream waits this long for a track to appear. */
    private static final Duration TRACK_WAIT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    /**
     * What a websocket receives: interleaved S16LE, 48 kHz, stereo (Opus decoded; upstream does the same). The
     * opusparse has muted spans filled with silence before decoding.
     */
    private static final String PCM = "rtpopusdepay ! opusparse ! opusdec ! audioconvert ! audioresample ! "
            + "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2 ! appsink name=pcm sync=false";
    private static final System.Logger LOG = System.getLogger(TrackEgressJob.class.getName());

    /** Where the room is and how to get in. */
    public record RoomAccess(String wsUrl, String token) {
    }

    private final TrackPlan plan;
    private final RoomAccess access;
    private final JobSettings settings;
    private final EgressInfoTracker tracker;
    private final ArtifactStore store;
    private final CompletableFuture<ParticipantTrack> found = new CompletableFuture<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile Path recording;
    /** Set while the track's audio goes to a websocket: mute changes are sent there. */
    private volatile AudioWebSocket audioSocket;
    private volatile Boolean lastMuted;

    private record ParticipantTrack(ParticipantInfo participant, TrackInfo track) {
    }

    public TrackEgressJob(TrackPlan plan, RoomAccess access, EgressInfo.Builder initialInfo, Plugins plugins,
                          JobSettings settings, Consumer<EgressInfo> updates) {
        this.plan = plan;
        this.access = access;
        this.settings = settings;
        this.tracker = new EgressInfoTracker(initialInfo, updates);
        this.store = new ArtifactStore(plugins::uploader, settings.backup());
    }

    @Override
    public void stop(String reason) {
        ending.complete(Ending.stop(reason));
    }

    @Override
    public void kill(String error) {
        ending.complete(Ending.killed(error));
    }

    @Override
    public Path workDir() {
        return settings.workDir();
    }

    @Override
    public EgressInfo run(Duration maxDuration) {
        try (RoomClient room = RoomClient.join(access.wsUrl(), access.token(), plan.egressId(),
                roomEvents(maxDuration))) {
            tracker.room(room.room().getName(), room.room().getSid());
            ParticipantTrack subscribed = awaitTrack();
            if (subscribed != null) {
                record(room, subscribed);
            }
        } catch (EgressException e) {
            // A failure while finishing (drain, upload) overrides the ending that started the finish.
            ending.obtrudeValue(Ending.failure(keptAt(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending.complete(Ending.failure(new EgressException(Code.INTERNAL, "interrupted")));
        }
        tracker.end(ending.join());
        return tracker.snapshot();
    }

    /** Subscribes, records until the egress ends, drains, and stores the file. */
    private void record(RoomClient room, ParticipantTrack subscribed)
            throws EgressException, InterruptedException {
        if (plan.toWebSocket()) {
            streamAudio(room, subscribed);
            return;
        }
        TrackFormat format = TrackFormat.of(subscribed.track().getMimeType(), plan.filepath());
        String storagePath = FileNaming.resolveFilePath(plan.filepath(), format.extension(), plan.trackId(),
                new TemplateValues(ZonedDateTime.now(), room.room().getName(), room.room().getSid(),
                        subscribed.participant().getIdentity(), plan.trackId(),
                        subscribed.track().getType().name().toLowerCase(Locale.ROOT),
                        subscribed.track().getSource().name().toLowerCase(Locale.ROOT), 0));
        Path file = store.recordingPath(settings.fileStorage().get(0), storagePath, settings.workDir());
        recording = file;
        tracker.fileNamed(storagePath);
        receive(room, subscribed, format.fragment(file), Map.of());
        // The file's times as its media places them, so that FileInfo's duration is what a player shows (a mute
        // or a lost packet does not shorten it) and files of one room line up on the wall clock.
        Optional<RecordedMedia> media = room.recordedMedia();
        media.ifPresent(recorded -> tracker.filesStarted(recorded.start()));
        tracker.filesEnded(media.map(RecordedMedia::end).orElseGet(Instant::now));
        storeFile(file, storagePath, format);
    }

    /** The track's audio as raw PCM to the request's websocket_url; upstream refuses video the same way. */
    private void streamAudio(RoomClient room, ParticipantTrack subscribed)
            throws EgressException, InterruptedException {
        if (subscribed.track().getType() != TrackType.AUDIO) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format websocket incompatible with codec "
                    + subscribed.track().getMimeType());
        }
        try (AudioWebSocket socket = AudioWebSocket.dial(plan.websocketUrl(),
                error -> ending.complete(Ending.failure(new EgressException(Code.UNAVAILABLE, error))))) {
            audioSocket = socket;
            receive(room, subscribed, PCM, Map.of("pcm", socket::pcm));
        } finally {
            audioSocket = null;
        }
    }

    /** Subscribes with {@code fragment}, waits for the ending, then drains what was received. */
    private void receive(RoomClient room, ParticipantTrack subscribed, String fragment,
                         Map<String, Consumer<byte[]>> appSinks)
            throws EgressException, InterruptedException {
        room.subscribe(subscribed.participant().getSid(), plan.trackId(),
                (trackSid, stream) -> trackSid.equals(plan.trackId()) ? fragment : null, appSinks);
        Ending end = ending.join();
        if (end.kind() != Ending.Kind.FAILURE) {
            tracker.ending(end.reason());
        }
        room.sendEndOfStream();
        try {
            drained.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new EgressException(Code.INTERNAL, "pipeline frozen");
        }
    }

    private RoomClient.Listener roomEvents(Duration maxDuration) {
        return new RoomClient.Listener() {
            @Override
            public void participants(List<ParticipantInfo> participants) {
                for (ParticipantInfo participant : participants) {
                    Optional<TrackInfo> track = participant.getTracksList().stream()
                            .filter(t -> t.getSid().equals(plan.trackId())).findFirst();
                    if (track.isPresent() && participant.getState() != ParticipantInfo.State.DISCONNECTED) {
                        found.complete(new ParticipantTrack(participant, track.get()));
                        muted(track.get().getMuted());
                    } else if (found.isDone() && found.join().participant().getSid().equals(participant.getSid())) {
                        ending.complete(Ending.sourceClosed(participant.getState()
                                == ParticipantInfo.State.DISCONNECTED ? "Participant left" : "Track unpublished"));
                    }
                }
            }

            @Override
            public void left(String reason) {
                ending.complete(Ending.sourceClosed("Room closed"));
            }

            @Override
            public void disconnected(String reason) {
                // Upstream's words; what was recorded is still finalised and stored.
                ending.complete(Ending.failure(new EgressException(Code.UNAVAILABLE,
                        "recording ended early: connection to room failed (" + reason + ")")));
            }

            @Override
            public void mediaError(String error) {
                ending.complete(Ending.failure(new EgressException(Code.INTERNAL, error)));
            }

            @Override
            public void endOfStream() {
                drained.complete(null);
            }

            @Override
            public void recordingStarted() {
                if (ending.isDone()) {
                    return; // stopped during the keyframe wait: ENDING stays
                }
                // Active, and the file's start, once media is written (after the keyframe wait for video); the
                // duration limit counts recorded media too.
                tracker.active(Instant.now());
                if (maxDuration != null) {
                    CompletableFuture.delayedExecutor(maxDuration.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> ending.complete(Ending.stop("Duration reached")));
                }
            }
        };
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
    private ParticipantTrack awaitTrack() throws InterruptedException {
        try {
            CompletableFuture.anyOf(found, ending).get(TRACK_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ending.complete(Ending.failure(new EgressException(Code.NOT_FOUND, "track " + plan.trackId()
                    + " not found")));
        } catch (ExecutionException e) {
            throw new IllegalStateException("the futures never fail", e);
        }
        return found.isDone() && !ending.isDone() ? found.join() : null;
    }

    private void storeFile(Path file, String storagePath, TrackFormat format) throws EgressException {
        if (!Files.exists(file)) {
            throw new EgressException(Code.INTERNAL, "no media was received from track " + plan.trackId());
        }
        ArtifactStore.Stored stored = store.storeRecording(file, storagePath, format.contentType(),
                settings.fileStorage().get(0));
        tracker.fileStored(0, stored.location(), ArtifactStore.sizeOf(file), stored.onBackup());
    }

    /** Names the recording on disk, so a failure never leaves the user guessing where the media went. */
    private EgressException keptAt(EgressException error) {
        Path file = recording;
        if (file == null || !Files.exists(file) || error.getMessage().contains(file.toString())) {
            return error;
        }
        return new EgressException(error.code(), error.getMessage() + "; recorded media kept at " + file, error);
    }
}
