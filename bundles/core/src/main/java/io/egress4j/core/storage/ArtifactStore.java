package io.egress4j.core.storage;

import io.egress4j.api.EgressException;
import io.egress4j.api.Uploader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores the artifacts of one egress with the reliability rules that belong to the core, not to each plugin:
 * a failed upload is retried with backoff; if the primary storage still fails and a backup is configured, the
 * artifact goes to the backup, and so does everything after it (upstream's sticky rule); if both fail the error
 * names both, and the caller keeps the local file. With {@code generate_presigned_url} the location reported is a
 * presigned GET URL valid {@link #PRESIGNED_VALIDITY}, from backends that can sign one.
 */
public final class ArtifactStore {

    /**
     * Pauses between attempts: together about 30 s, so a storage service that restarts during a recording (a
     * refused connection fails an SDK's own retries within a second) still receives every segment.
     */
    static final List<Duration> RETRY_PAUSES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15));
    /** Upstream's validity of presigned URLs, also the longest S3 and GCS accept. */
    static final Duration PRESIGNED_VALIDITY = Duration.ofDays(7);
    /** In the error of an egress that failed because an output could not be stored ("s3 upload failed: ..."). */
    public static final String UPLOAD_FAILED = " upload failed: ";

    private static final System.Logger LOG = System.getLogger(ArtifactStore.class.getName());

    /** Finds the uploader plugin for a backend name. */
    @FunctionalInterface
    public interface UploaderLookup {
        Uploader uploader(String backend) throws EgressException;
    }

    /** Where an artifact went. */
    public record Stored(String location, boolean onBackup) {
    }

    private final UploaderLookup uploaders;
    private final Optional<StorageTarget> backup;
    private final List<Duration> retryPauses;
    private final StorageEvents events;
    private volatile String primaryFailure;
    /** Backends already reported as unable to presign, so the warning comes once. */
    private final Set<String> unsigned = ConcurrentHashMap.newKeySet();

    public ArtifactStore(UploaderLookup uploaders, Optional<StorageTarget> backup, StorageEvents events) {
        this(uploaders, backup, RETRY_PAUSES, events);
    }

    ArtifactStore(UploaderLookup uploaders, Optional<StorageTarget> backup, List<Duration> retryPauses,
                  StorageEvents events) {
        this.uploaders = uploaders;
        this.backup = backup;
        this.retryPauses = List.copyOf(retryPauses);
        this.events = events;
    }

    /**
     * Where a recording destined for {@code storagePath} on {@code target} is written: at its final place when the
     * storage is a local directory (a crash then leaves it where the user expects it), else in {@code workDir}.
     * The parent directory is created.
     */
    public Path recordingPath(StorageTarget target, String storagePath, Path workDir) throws EgressException {
        Path path = uploaders.uploader(target.backend()).localPath(target.path(storagePath), target.settings())
                .orElse(workDir.resolve(Path.of(storagePath).getFileName()));
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new EgressException(EgressException.Code.INTERNAL, "cannot create " + path.getParent() + ": "
                    + e.getMessage());
        }
        return path;
    }

    /** As {@link #store}, for a recording: when it cannot be stored, the error says where it is kept. */
    public Stored storeRecording(Path file, String storagePath, String contentType, StorageTarget primary)
            throws EgressException {
        try {
            return store(file, storagePath, contentType, primary);
        } catch (EgressException e) {
            throw new EgressException(e.code(), e.getMessage() + "; the recording is kept at " + file, e);
        }
    }

    /** The size of {@code file}, 0 when it cannot be read. */
    public static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public Stored store(Path file, String storagePath, String contentType, StorageTarget primary)
            throws EgressException {
        EgressException primaryError = null;
        if (primaryFailure == null) {
            try {
                return new Stored(upload(primary, file, storagePath, contentType), false);
            } catch (EgressException e) {
                primaryError = e;
                if (backup.isEmpty()) {
                    throw e;
                }
                primaryFailure = e.getMessage();
                LOG.log(Level.WARNING, "{0}; this egress now stores on the backup {1}", e.getMessage(),
                        backup.get().describe());
            }
        }
        StorageTarget fallback = backup.orElseThrow();
        try {
            Stored stored = new Stored(upload(fallback, file, storagePath, contentType), true);
            events.backupWrite(contentType);
            return stored;
        } catch (EgressException backupError) {
            String primaryMessage = primaryError != null ? primaryError.getMessage() : primaryFailure;
            throw new EgressException(backupError.code(),
                    "primary: " + primaryMessage + "\nbackup: " + backupError.getMessage(), backupError);
        }
    }

    private String upload(StorageTarget target, Path file, String storagePath, String contentType)
            throws EgressException {
        Uploader uploader = uploaders.uploader(target.backend());
        for (int attempt = 0; ; attempt++) {
            String location;
            long start = System.nanoTime();
            try {
                location = uploader.upload(file, target.path(storagePath), contentType, target.settings());
                attempted(target, contentType, "success", start);
            } catch (EgressException e) {
                attempted(target, contentType, status(e), start);
                if (attempt == retryPauses.size()) {
                    throw new EgressException(e.code(), target.describe() + UPLOAD_FAILED + e.getMessage(), e);
                }
                LOG.log(Level.INFO, "{0} upload of {1} failed ({2}); retrying", target.describe(), storagePath,
                        e.getMessage());
                sleep(retryPauses.get(attempt));
                continue;
            }
            return target.presign() ? presigned(uploader, target, storagePath, location) : location;
        }
    }

    private void attempted(StorageTarget target, String contentType, String status, long startNanos) {
        events.uploadAttempt(contentType, status, target.customEndpoint(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Upstream's upload status labels: the HTTP status class, or internal for what never reached the service. */
    private static String status(EgressException error) {
        int http = error.code().httpStatus();
        if (error.code() == EgressException.Code.INTERNAL || http < 400) {
            return "internal";
        }
        return http < 500 ? "4xx" : "5xx";
    }

    /**
     * The presigned URL for a stored artifact; the plain location from a backend that cannot sign one or fails to
     * (the artifact is stored, so that is no reason to fail it), with a warning once per backend.
     */
    private String presigned(Uploader uploader, StorageTarget target, String storagePath, String location) {
        String reason;
        try {
            Optional<String> url = uploader.presignedUrl(target.path(storagePath), PRESIGNED_VALIDITY,
                    target.settings());
            if (url.isPresent()) {
                return url.get();
            }
            reason = "the backend cannot presign URLs";
        } catch (EgressException e) {
            reason = e.getMessage();
        }
        if (unsigned.add(target.backend())) {
            LOG.log(Level.WARNING, "generate_presigned_url: {0} locations are reported unsigned ({1})",
                    target.describe(), reason);
        }
        return location;
    }

    private static void sleep(Duration pause) throws EgressException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(EgressException.Code.INTERNAL, "interrupted while retrying an upload");
        }
    }
}
