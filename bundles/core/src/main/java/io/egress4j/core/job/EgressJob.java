package io.egress4j.core.job;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.SourceRequest;
import io.egress4j.api.VideoFormat;
import io.egress4j.core.pipeline.H264Tuning;
import io.egress4j.core.pipeline.PipelineDescription;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.EncodingSettings;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.media.MediaPipeline;
import io.egress4j.media.PipelineEvents;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;

/**
 * Runs one egress from start to its terminal status: open the source, wait for the start signal, build and play the
 * pipeline, wait for an ending, drain it with end-of-stream, store every artifact and the manifest. Whatever goes
 * wrong after media started, the files are finalised and kept.
 */
public final class EgressJob implements Job {

    /** Upstream gives a draining pipeline 30 s before it calls it frozen. */
    private static final Duration EOS_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration FAILED_DRAIN = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(EgressJob.class.getName());

    private final EgressPlan plan;
    private final Plugins plugins;
    private final JobSettings settings;
    private final EgressInfoTracker tracker;
    private final ArtifactStore store;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final List<Path> localFiles = new ArrayList<>();
    private final Manifest manifest = new Manifest();
    private volatile Instant activeSince;
    private volatile LiveStreams liveStreams;

    public EgressJob(EgressPlan plan, EgressInfo.Builder initialInfo, Plugins plugins, JobSettings settings,
                     Consumer<EgressInfo> updates) {
        this.plan = plan;
        this.plugins = plugins;
        this.settings = settings;
        this.tracker = new EgressInfoTracker(initialInfo, updates);
        this.store = new ArtifactStore(plugins::uploader, settings.backup());
    }

    /** Asks the egress to stop with {@code reason}; it finalises its outputs and completes. */
    @Override
    public void stop(String reason) {
        ending.complete(Ending.stop(reason));
    }

    /** Ends the egress as FAILED with {@code error}, after finalising and storing what it recorded. */
    @Override
    public void kill(String error) {
        ending.complete(Ending.killed(error));
    }

    /**
     * UpdateStream: adds, then removes stream URLs while the egress runs.
     *
     * @return the egress info after the change
     * @throws EgressException {@code UpdateStream called on non-streaming egress} when the egress has no stream
     *                         output; INVALID_ARGUMENT naming each URL that could not be added or removed
     */
    @Override
    public EgressInfo updateStream(List<String> add, List<String> remove) throws EgressException {
        if (plan.streams().isEmpty()) {
            throw new EgressException(Code.INVALID_ARGUMENT, "UpdateStream called on non-streaming egress");
        }
        LiveStreams streams = liveStreams;
        if (streams == null) {
            throw new EgressException(Code.UNAVAILABLE, "the egress is not streaming yet; try again once it is active");
        }
        streams.update(add, remove);
        return tracker.snapshot();
    }

    /** The job's private directory (browser profile, helper logs, temporary files). */
    @Override
    public Path workDir() {
        return settings.workDir();
    }

    /** When recording began, or null while the egress is still starting. */
    public Instant activeSince() {
        return activeSince;
    }

    /** Bytes written so far by the file outputs. */
    public long bytesWritten() {
        return localFiles.stream().mapToLong(ArtifactStore::sizeOf).sum();
    }

    /**
     * Runs the egress to its end and returns the final {@code EgressInfo}.
     *
     * @param maxDuration stop after recording this long ("Duration reached"); null for no such stop
     */
    @Override
    public EgressInfo run(Duration maxDuration) {
        try {
            List<Path> targets = localTargets();
            // The pipeline is closed before the capture: ximagesrc must let go of the X display before Xvfb exits,
            // or Xlib's fatal-error handler ends the whole process.
            try (Capture capture = openSource()) {
                awaitStart();
                if (ending.isDone()) {
                    return endBeforeStart(ending.join());
                }
                record(capture, targets, maxDuration);
            }
            store(targets);
        } catch (EgressException e) {
            tracker.end(Ending.failure(withKeptFiles(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.end(Ending.failure(new EgressException(Code.INTERNAL, "interrupted")));
        }
        return tracker.snapshot();
    }

    /** Files are written where their storage keeps them when that is a local directory, else in the work dir. */
    private List<Path> localTargets() throws EgressException {
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < plan.files().size(); i++) {
            FilePlan file = plan.files().get(i);
            targets.add(store.recordingPath(settings.fileStorage().get(i), file.storagePath(), settings.workDir()));
        }
        localFiles.addAll(targets);
        return targets;
    }

    private Capture openSource() throws EgressException {
        EncodingSettings encoding = plan.encoding();
        VideoFormat video = plan.video()
                ? new VideoFormat(encoding.width(), encoding.height(), encoding.depth(), encoding.framerate())
                : null;
        SourceRequest request = new SourceRequest(plan.egressId(), settings.workDir(), plan.url(), video,
                plan.audio(), plan.awaitStartSignal(), settings.sourceOptions());
        return plugins.source("web").open(request, new CaptureEvents() {
            @Override
            public void started() {
                started.complete(null);
            }

            @Override
            public void ended(String reason) {
                ending.complete(Ending.sourceClosed(reason));
            }

            @Override
            public void failed(EgressException error) {
                ending.complete(Ending.failure(error));
            }
        });
    }

    private void awaitStart() throws InterruptedException {
        try {
            CompletableFuture.anyOf(started, ending).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("start and ending futures never complete exceptionally", e);
        }
    }

    /** Upstream's words for an egress that ended before it recorded anything. */
    private EgressInfo endBeforeStart(Ending early) {
        switch (early.kind()) {
            case FAILURE, KILLED -> tracker.failed(early.error());
            case LIMIT -> tracker.aborted("Session limit reached before start signal");
            case SOURCE_CLOSED -> tracker.aborted("Start signal not received");
            case STOP -> tracker.aborted("Stop called before pipeline could start");
        }
        return tracker.snapshot();
    }

    private void record(Capture capture, List<Path> targets, Duration maxDuration)
            throws EgressException, InterruptedException {
        OutputBranches outputs = OutputBranches.open(plan, targets, plugins, settings, store, manifest, tracker,
                ending::complete);
        List<OutputBranch> branches = outputs.branches();
        String description = PipelineDescription.build(capture.videoElements(), capture.audioElements(),
                plan.encoding(), H264Tuning.of(plan), settings.encoderThreads(), branches);
        LOG.log(Level.DEBUG, "pipeline for {0}:\n{1}", plan.egressId(), description);
        try (MediaPipeline pipeline = MediaPipeline.parse(plan.egressId(), description, new PipelineEvents() {
            @Override
            public void error(String element, String message) {
                ending.complete(Ending.failure(new EgressException(Code.INTERNAL,
                        "pipeline error in " + element + ": " + message)));
            }

            @Override
            public void elementMessage(String element, String name, Map<String, String> fields) {
                outputs.onMessage(element, name, fields);
            }
        })) {
            AtomicLong firstMediaNanos = new AtomicLong(Long.MAX_VALUE);
            for (String encoded : PipelineDescription.encodedStreams(capture.videoElements(), capture.audioElements(),
                    branches)) {
                pipeline.onFirstBuffer(encoded, pts -> firstMediaNanos.accumulateAndGet(pts.toNanos(), Math::min));
            }
            outputs.tapStreams(pipeline);
            pipeline.play();
            // Media is stamped with the clock's running time, which started before play() returned.
            activeSince = Instant.now().minus(pipeline.runningTime());
            outputs.clockStarted(activeSince);
            tracker.active(activeSince);
            liveStreams = outputs.attachStreams();
            scheduleStops(maxDuration);

            Ending end = ending.join();
            if (end.kind() != Ending.Kind.FAILURE) {
                tracker.ending(end.reason());
            }
            pipeline.sendEndOfStream();
            if (firstMediaNanos.get() != Long.MAX_VALUE) {
                tracker.filesStarted(activeSince.plusNanos(firstMediaNanos.get()));
            }
            tracker.filesEnded(Instant.now());
            // A pipeline that failed may never drain; it gets a short grace instead of the full timeout.
            boolean drained = pipeline.awaitEndOfStream(end.kind() == Ending.Kind.FAILURE ? FAILED_DRAIN : EOS_TIMEOUT);
            outputs.finish();
            if (!drained && !end.kind().fails()) {
                ending.obtrudeValue(Ending.failure(new EgressException(Code.INTERNAL, "pipeline frozen")));
            }
        }
    }

    /** Durations count recorded media, which began at {@link #activeSince}. */
    private void scheduleStops(Duration maxDuration) {
        if (maxDuration != null) {
            after(maxDuration, Ending.stop("Duration reached"));
        }
        if (!settings.sessionLimit().isZero()) {
            after(settings.sessionLimit(), Ending.limit());
        }
        if (settings.maxFileBytes() > 0) {
            watchFileSize(settings.maxFileBytes());
        }
    }

    /** Ends the egress with LIMIT_REACHED once its files hold more than {@code limit} bytes; checked every second. */
    private void watchFileSize(long limit) {
        Thread watcher = new Thread(() -> {
            try {
                while (!ending.isDone()) {
                    if (bytesWritten() > limit) {
                        ending.complete(Ending.limit());
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "file-size-limit");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void after(Duration recorded, Ending end) {
        long delay = recorded.minus(Duration.between(activeSince, Instant.now())).toMillis();
        CompletableFuture.delayedExecutor(Math.max(0, delay), TimeUnit.MILLISECONDS).execute(() -> ending.complete(end));
    }

    /**
     * Stores every file and, when the egress succeeded, its manifest. A file that cannot be stored stays where it
     * was written, and the error says where.
     */
    private void store(List<Path> targets) {
        for (int i = 0; i < targets.size(); i++) {
            Path file = targets.get(i);
            FilePlan filePlan = plan.files().get(i);
            if (!Files.exists(file)) {
                continue;
            }
            try {
                ArtifactStore.Stored stored = store.storeRecording(file, filePlan.storagePath(),
                        filePlan.format().contentType(), settings.fileStorage().get(i));
                tracker.fileStored(i, stored.location(), ArtifactStore.sizeOf(file), stored.onBackup());
            } catch (EgressException e) {
                ending.obtrudeValue(Ending.failure(e));
            }
        }
        Ending end = ending.join();
        if (!end.kind().fails()) {
            storeManifests();
        }
        tracker.end(end);
    }

    /** Stores the manifest where {@link ManifestCopy} says; the first copy stored is the manifest location. */
    private void storeManifests() {
        Set<ManifestCopy> copies = ManifestCopy.of(plan, settings, tracker.snapshot().getBackupStorageUsed());
        if (copies.isEmpty()) {
            return;
        }
        Path local = settings.workDir().resolve(plan.egressId() + ".json");
        // the egress ends now; its info gets that time only once the manifest is stored
        long now = EgressInfoTracker.nanos(Instant.now());
        EgressInfo ended = tracker.snapshot().toBuilder().setEndedAt(now).build();
        try {
            Files.write(local, manifest.json(ended, plan.url()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "manifest {0} not written: {1}", local, e.getMessage());
            return;
        }
        for (ManifestCopy copy : copies) {
            try {
                ArtifactStore.Stored stored = store.store(local, copy.storagePath(), "application/json",
                        copy.target());
                tracker.manifestStored(stored.location(), stored.onBackup());
            } catch (EgressException e) {
                // A missing manifest loses no media; report it and keep the egress result.
                LOG.log(Level.WARNING, "manifest {0} not stored: {1}", copy.storagePath(), e.getMessage());
            }
        }
    }

    /** Names the recordings already on disk, so a failure never leaves the user guessing where the media went. */
    private EgressException withKeptFiles(EgressException error) {
        List<Path> kept = localFiles.stream().filter(Files::exists).toList();
        if (kept.isEmpty()) {
            return error;
        }
        return new EgressException(error.code(), error.getMessage() + "; recorded media kept at " + kept, error);
    }
}
