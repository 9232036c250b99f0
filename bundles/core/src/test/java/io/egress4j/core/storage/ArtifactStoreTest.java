package io.egress4j.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.core.metrics.HandlerMetrics;
import io.egress4j.core.metrics.MetricSample;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's upload rules, with stand-in uploaders: they are plugin-agnostic, and real backends are exercised in the
 * storage plugins' own tests and the end-to-end tests.
 */
class ArtifactStoreTest {

    private static final StorageTarget PRIMARY = new StorageTarget("primary", TestStorage.settings("bucket", "main"), "");
    private static final StorageTarget BACKUP = new StorageTarget("backup", TestStorage.settings("bucket", "spare"), "");

    @TempDir
    Path dir;

    private final HandlerMetrics metrics = new HandlerMetrics();

    /** Fails its first {@code failures} uploads, then stores. */
    private static final class FlakyUploader implements Uploader {
        private final int failures;
        private final AtomicInteger calls = new AtomicInteger();
        private final List<String> stored = new ArrayList<>();

        @Override
        public List<StorageSetting> settings() {
            return List.of(StorageSetting.of("bucket", ""));
        }

        FlakyUploader(int failures) {
            this.failures = failures;
        }

        @Override
        public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
                throws EgressException {
            if (calls.incrementAndGet() <= failures) {
                throw new EgressException(Code.UNAVAILABLE, "connection refused");
            }
            stored.add(storagePath);
            return settings.get(StorageSetting.of("bucket", "")) + "/" + storagePath;
        }
    }

    private ArtifactStore store(Uploader primary, Uploader backup, boolean withBackup) {
        return new ArtifactStore(name -> name.equals("primary") ? primary : backup,
                withBackup ? Optional.of(BACKUP) : Optional.empty(), List.of(Duration.ofMillis(10),
                        Duration.ofMillis(20)), metrics);
    }

    @Test
    void retriesATransientFailure() throws Exception {
        FlakyUploader primary = new FlakyUploader(1);
        ArtifactStore.Stored stored = store(primary, null, false)
                .store(Files.writeString(dir.resolve("f"), "x"), "a.mp4", "video/mp4", PRIMARY);
        assertEquals("main/a.mp4", stored.location());
        assertFalse(stored.onBackup());
        assertEquals(2, primary.calls.get());
        // Each attempt is counted with upstream's labels: the refused connection is a 503.
        assertEquals(1, uploads("video/mp4", "5xx"));
        assertEquals(1, uploads("video/mp4", "success"));
    }

    private double uploads(String type, String status) {
        return metrics.snapshot().stream().filter(sample -> sample.series().equals("livekit_egress_pipeline_uploads")
                        && sample.labels().equals(Map.of("type", type, "status", status, "custom_endpoint", "false")))
                .mapToDouble(MetricSample::value).sum();
    }

    @Test
    void productionRetriesSpanAStorageRestart() {
        Duration total = ArtifactStore.RETRY_PAUSES.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(total.compareTo(Duration.ofSeconds(25)) >= 0, "retries cover " + total);
    }

    @Test
    void fallsBackToTheBackupAndStaysThere() throws Exception {
        FlakyUploader primary = new FlakyUploader(Integer.MAX_VALUE);
        FlakyUploader backup = new FlakyUploader(0);
        ArtifactStore store = store(primary, backup, true);
        Path file = Files.writeString(dir.resolve("f"), "x");

        ArtifactStore.Stored first = store.store(file, "seg_00000.ts", "video/mp2t", PRIMARY);
        assertTrue(first.onBackup());
        assertEquals("spare/seg_00000.ts", first.location());
        int primaryCalls = primary.calls.get();

        ArtifactStore.Stored second = store.store(file, "seg_00001.ts", "video/mp2t", PRIMARY);
        assertTrue(second.onBackup());
        assertEquals(primaryCalls, primary.calls.get(), "later artifacts go straight to the backup");
        assertEquals(List.of(2.0), metrics.snapshot().stream()
                .filter(sample -> sample.series().equals("livekit_egress_backup_storage_writes")
                        && sample.labels().equals(Map.of("output_type", "segment")))
                .map(MetricSample::value).toList());
    }

    @Test
    void namesBothFailuresWhenEverythingFails() throws Exception {
        ArtifactStore store = store(new FlakyUploader(Integer.MAX_VALUE), new FlakyUploader(Integer.MAX_VALUE), true);
        EgressException failed = assertThrows(EgressException.class,
                () -> store.store(Files.writeString(dir.resolve("f"), "x"), "a.mp4", "video/mp4", PRIMARY));
        assertEquals("primary: primary (main) upload failed: connection refused\n"
                + "backup: backup (spare) upload failed: connection refused", failed.getMessage());
    }

    /** Signs URLs as {@code <location>?signed=<days>}, or cannot sign at all. */
    private static final class SigningUploader implements Uploader {
        private final boolean canSign;
        private final List<String> signed = new ArrayList<>();

        @Override
        public List<StorageSetting> settings() {
            return List.of(StorageSetting.of("bucket", ""));
        }

        SigningUploader(boolean canSign) {
            this.canSign = canSign;
        }

        @Override
        public String upload(Path file, String storagePath, String contentType, StorageSettings settings) {
            return "https://" + settings.get(StorageSetting.of("bucket", "")) + "/" + storagePath;
        }

        @Override
        public Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings) {
            if (!canSign) {
                return Optional.empty();
            }
            signed.add(storagePath);
            return Optional.of("https://" + settings.get(StorageSetting.of("bucket", "")) + "/" + storagePath + "?signed="
                    + validity.toDays());
        }
    }

    @Test
    void withGeneratePresignedUrlTheLocationIsASevenDayPresignedUrl() throws Exception {
        SigningUploader uploader = new SigningUploader(true);
        StorageTarget presigning = new StorageTarget("primary", TestStorage.settings("bucket", "main"), "pre", true);

        ArtifactStore.Stored stored = store(uploader, null, false)
                .store(Files.writeString(dir.resolve("f"), "x"), "a.mp4", "video/mp4", presigning);

        assertEquals("https://main/pre/a.mp4?signed=7", stored.location());
        assertEquals(List.of("pre/a.mp4"), uploader.signed, "the path signed is the stored one, prefix included");
        assertEquals("https://main/a.mp4", store(uploader, null, false)
                .store(Files.writeString(dir.resolve("g"), "x"), "a.mp4", "video/mp4", PRIMARY).location(),
                "without the option locations stay plain");
    }

    @Test
    void aBackendThatCannotPresignKeepsThePlainLocation() throws Exception {
        StorageTarget presigning = new StorageTarget("primary", TestStorage.settings("bucket", "main"), "", true);
        ArtifactStore store = store(new SigningUploader(false), null, false);
        Path file = Files.writeString(dir.resolve("f"), "x");

        assertEquals("https://main/a.mp4", store.store(file, "a.mp4", "video/mp4", presigning).location());
        assertEquals("https://main/b.mp4", store.store(file, "b.mp4", "video/mp4", presigning).location());
    }
}
