package io.egress4j.core.job;

import io.egress4j.api.DirectFile;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;
import io.egress4j.core.metrics.HandlerMetrics;
import io.egress4j.core.naming.FileNaming;
import io.egress4j.core.naming.TemplateValues;
import io.egress4j.core.handler.CrashRecord;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.core.storage.StorageTarget;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.StreamInfo;

/**
 * Runs one egress of any type from start to its terminal status. Its type records it
 * ({@link PlannedEgress#record}); this class owns everything around that: STARTING → ACTIVE → ENDING → terminal,
 * stop and kill requests, the duration and size limits, storing the files and the manifest, and, whatever goes
 * wrong, keeping what was recorded and saying where.
 */
public final class JobLifecycle implements RecordingSession {

    private static final System.Logger LOG = System.getLogger(JobLifecycle.class.getName());

    /** A file being written, and where it goes once the egress ends. */
    private record RecordedFile(Path local, String storagePath, String contentType, StorageTarget storage,
                                int resultIndex) {
    }

    private final PlannedEgress planned;
    private final PlanningContext planning;
    private final Plugins plugins;
    private final JobSettings settings;
    private final EgressInfoTracker tracker;
    private final ArtifactStore store;
    private final HandlerMetrics metrics;
    private final Manifest manifest = new Manifest();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final List<RecordedFile> files = new CopyOnWriteArrayList<>();
    private volatile Instant activeSince;
    private volatile Duration maxDuration;
    private volatile EncodedRecording encoding;
    private volatile String sourceUrl = "";

    JobLifecycle(PlannedEgress planned, PlanningContext planning, EgressInfo.Builder initialInfo, Plugins plugins,
                 JobSettings settings, HandlerMetrics metrics, Consumer<EgressInfo> updates) {
        this.planned = planned;
        this.planning = planning;
        this.plugins = plugins;
        this.settings = settings;
        this.tracker = new EgressInfoTracker(initialInfo, updates);
        this.metrics = metrics;
        this.store = new ArtifactStore(plugins::uploader, settings.backup(), metrics);
    }

    // --- the job, as commands and the handler drive it

    /**
     * Runs the egress to its end and returns the final {@code EgressInfo}.
     *
     * @param maxDuration stop after recording this long ("Duration reached"); null for no such stop
     */
    public EgressInfo run(Duration maxDuration) {
        this.maxDuration = maxDuration;
        try {
            planned.record(this);
        } catch (EgressException e) {
            // A failure while finishing (drain, upload) overrides the ending that started the finish.
            ending.obtrudeValue(Ending.failure(withKeptFiles(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending.obtrudeValue(Ending.failure(new EgressException(Code.INTERNAL, "interrupted")));
        }
        ending.complete(Ending.failure(new EgressException(Code.INTERNAL, "the egress stopped by itself")));
        if (wasReplaced()) {
            keepReplacedRecordings();
            return tracker.snapshot();
        }
        if (activeSince == null && files.stream().map(RecordedFile::local).noneMatch(Files::exists)) {
            return endBeforeStart(ending.join());
        }
        List<Path> unstored = storeFiles();
        Ending end = ending.join();
        if (!end.kind().fails()) {
            storeManifests();
        }
        tracker.end(end);
        keepUnstored(unstored);
        return tracker.snapshot();
    }

    /** Whether the egress ended because another recorder took its identity: it then reports no final status. */
    public boolean wasReplaced() {
        return ending.isDone() && ending.join().kind() == Ending.Kind.REPLACED;
    }

    /** Asks the egress to stop with {@code reason}; it finalises its outputs and completes. */
    public void stop(String reason) {
        ending.complete(Ending.stop(reason));
    }

    /** Ends the egress as FAILED with {@code error}, after finalising and storing what it recorded. */
    public void kill(String error) {
        ending.complete(Ending.killed(error));
    }

    @Override
    public Path workDir() {
        return settings.workDir();
    }

    /**
     * UpdateStream: adds, then removes stream URLs while the egress runs.
     *
     * @return the egress info after the change
     * @throws EgressException {@code UpdateStream called on non-streaming egress} when the egress has no stream
     *                         output; INVALID_ARGUMENT naming each URL that could not be added or removed
     */
    public EgressInfo updateStream(List<String> add, List<String> remove) throws EgressException {
        EncodedRecording recording = encoding;
        if (planning.encoded().map(encoded -> encoded.plan().streams().isEmpty()).orElse(true)) {
            throw new EgressException(Code.INVALID_ARGUMENT, "UpdateStream called on non-streaming egress");
        }
        if (recording == null || recording.liveStreams() == null) {
            throw new EgressException(Code.UNAVAILABLE, "the egress is not streaming yet; try again once it is active");
        }
        recording.liveStreams().update(add, remove);
        return tracker.snapshot();
    }

    /** When recording began, or null while the egress is still starting. */
    public Instant activeSince() {
        return activeSince;
    }

    /** Bytes written so far by the file outputs. */
    public long bytesWritten() {
        return files.stream().map(RecordedFile::local).mapToLong(ArtifactStore::sizeOf).sum();
    }

    // --- the session, as the egress type records

    @Override
    public String egressId() {
        return planning.egressId();
    }

    @Override
    public void recordEncoded(String source, SourceRequest request, EncodedOutputs outputs)
            throws EgressException, InterruptedException {
        recordEncoded(plugins.source(source), request, outputs);
    }

    @Override
    public void recordEncoded(Source source, SourceRequest request, EncodedOutputs outputs)
            throws EgressException, InterruptedException {
        PlanningContext.Encoded encoded = planning.encoded().filter(outputs::equals).orElseThrow(() ->
                new IllegalArgumentException("recordEncoded takes the outputs its context planned"));
        sourceUrl = request.url() == null ? "" : request.url();
        for (int i = 0; i < encoded.plan().files().size(); i++) {
            var file = encoded.plan().files().get(i);
            StorageTarget storage = encoded.fileStorage().get(i);
            files.add(new RecordedFile(recordingPath(storage, file.storagePath()),
                    file.storagePath(), file.format().contentType(), storage, i));
        }
        encoding = new EncodedRecording(this, encoded, files.stream().map(RecordedFile::local).toList());
        encoding.record(source, request);
    }

    @Override
    public Path directFile(DirectFile file, String extension, String contentType, String identifier,
                           NameValues values) throws EgressException {
        PlanningContext.PlannedDirectFile planned = planning.directFiles().stream().filter(file::equals).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("directFile takes a file its context planned"));
        String storagePath = FileNaming.resolveFilePath(planned.filepath(), extension, identifier,
                TemplateValues.of(ZonedDateTime.now(), values, planning.retryCount()));
        Path local = recordingPath(planned.storage(), storagePath);
        files.add(new RecordedFile(local, storagePath, contentType, planned.storage(),
                tracker.fileNamed(storagePath)));
        return local;
    }

    /** Where a recording is written, noted for whoever reports this egress if its process crashes. */
    private Path recordingPath(StorageTarget storage, String storagePath) throws EgressException {
        Path path = store.recordingPath(storage, storagePath, settings.workDir());
        CrashRecord.ofThisProcess().ifPresent(record -> record.recordingAt(egressId(), path));
        return path;
    }

    @Override
    public void streamResult(StreamInfo stream) {
        tracker.streamResult(stream);
    }

    @Override
    public void room(String name, String sid) {
        tracker.room(name, sid);
    }

    @Override
    public void active(Instant since) {
        if (ending.isDone() || activeSince != null) {
            return; // stopped while media was about to start: ENDING stays
        }
        activeSince = since;
        tracker.active(since);
        scheduleStops();
    }

    @Override
    public void mediaSpan(Instant start, Instant end) {
        if (start != null) {
            tracker.filesStarted(start);
        }
        tracker.filesEnded(end);
    }

    @Override
    public void awaitEnding() throws InterruptedException {
        Ending end;
        try {
            end = ending.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("endings never complete exceptionally", e);
        }
        if (end.kind() != Ending.Kind.FAILURE && end.kind() != Ending.Kind.REPLACED) {
            tracker.ending(end.reason());
        }
    }

    @Override
    public boolean ended() {
        return ending.isDone();
    }

    @Override
    public CompletionStage<Void> whenEnded() {
        return ending.thenApply(end -> null);
    }

    @Override
    public void sourceClosed(String reason) {
        ending.complete(Ending.sourceClosed(reason));
    }

    @Override
    public void fail(EgressException error) {
        ending.complete(Ending.failure(error));
    }

    @Override
    public void replaced() {
        ending.complete(Ending.replaced());
    }

    // --- for the encoded recording

    CompletableFuture<Ending> ending() {
        return ending;
    }

    EgressInfoTracker tracker() {
        return tracker;
    }

    HandlerMetrics metrics() {
        return metrics;
    }

    ArtifactStore store() {
        return store;
    }

    Manifest manifest() {
        return manifest;
    }

    JobSettings settings() {
        return settings;
    }

    Plugins plugins() {
        return plugins;
    }

    /** Marks the pipeline drained too late: the egress fails as frozen unless it fails already. */
    void frozen() {
        if (!ending.join().kind().fails()) {
            ending.obtrudeValue(Ending.failure(new EgressException(Code.INTERNAL, "pipeline frozen")));
        }
    }

    // --- the lifecycle

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

    /** Durations count recorded media, which began at {@link #activeSince}. */
    private void scheduleStops() {
        Duration max = maxDuration;
        if (max != null) {
            after(max, Ending.stop("Duration reached"));
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
     * Stores every file written. One that cannot be stored stays where it was written, and the error says where.
     *
     * @return the files that could not be stored
     */
    private List<Path> storeFiles() {
        List<Path> unstored = new ArrayList<>();
        for (RecordedFile file : files) {
            if (!Files.exists(file.local())) {
                continue;
            }
            try {
                ArtifactStore.Stored stored = store.storeRecording(file.local(), file.storagePath(),
                        file.contentType(), file.storage());
                tracker.fileStored(file.resultIndex(), stored.location(), ArtifactStore.sizeOf(file.local()),
                        stored.onBackup());
            } catch (EgressException e) {
                ending.obtrudeValue(Ending.failure(e));
                unstored.add(file.local());
            }
        }
        return unstored;
    }

    /**
     * A replaced egress stores nothing (its successor records the same outputs), but what it recorded is not thrown
     * away: it stays where it was written, and the log says where.
     */
    private void keepReplacedRecordings() {
        List<Path> written = files.stream().map(RecordedFile::local).filter(Files::exists).toList();
        LOG.log(Level.WARNING, "[{0}] another recorder joined the room as this egress (duplicate identity): it ends"
                + " without a final status and stores nothing; what it recorded is kept at {1}", egressId(), written);
        List<Path> inWorkDir = written.stream().filter(file -> file.startsWith(settings.workDir())).toList();
        if (!inWorkDir.isEmpty()) {
            WorkDirs.keepRecordings(settings.workDir(), inWorkDir);
        }
    }

    /** A recording that could not be stored and lies in the work directory is its only copy: never swept away. */
    private void keepUnstored(List<Path> unstored) {
        List<Path> inWorkDir = unstored.stream().filter(file -> file.startsWith(settings.workDir())).toList();
        if (!inWorkDir.isEmpty()) {
            WorkDirs.keepRecordings(settings.workDir(), inWorkDir);
            LOG.log(Level.WARNING, "[{0}] the recording that could not be stored is kept at {1}; its folder is"
                    + " never removed automatically", egressId(), inWorkDir);
        }
    }

    /** Stores the manifest where {@link ManifestCopy} says; the first copy stored is the manifest location. */
    private void storeManifests() {
        Set<ManifestCopy> copies = planning.encoded().map(encoded -> ManifestCopy.of(encoded.plan(), settings,
                tracker.snapshot().getBackupStorageUsed())).orElse(Set.of());
        if (copies.isEmpty()) {
            return;
        }
        Path local = settings.workDir().resolve(egressId() + ".json");
        // the egress ends now; its info gets that time only once the manifest is stored
        long now = EgressInfoTracker.nanos(Instant.now());
        EgressInfo ended = tracker.snapshot().toBuilder().setEndedAt(now).build();
        try {
            Files.write(local, manifest.json(ended, sourceUrl));
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
        List<Path> kept = files.stream().map(RecordedFile::local).filter(Files::exists)
                .filter(file -> !error.getMessage().contains(file.toString())).toList();
        if (kept.isEmpty()) {
            return error;
        }
        return new EgressException(error.code(), error.getMessage() + "; recorded media kept at " + kept, error);
    }
}
