package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

    @TempDir
    Path temp;

    private final Instant now = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void foldersOfFailedEgressesGoAfterTheRetentionUnlessTheyHoldTheOnlyCopyOfARecording() throws Exception {
        Path old = folder("egress4j-EG_old-1", now.minus(Duration.ofHours(30)));
        Path fresh = folder("egress4j-EG_fresh-2", now.minus(Duration.ofHours(2)));
        Path holding = folder("egress4j-EG_rec-3", now.minus(Duration.ofDays(10)));
        WorkDirs.keepRecordings(holding, List.of(holding.resolve("talk.mp4")));
        Files.setLastModifiedTime(holding.resolve(WorkDirs.RECORDING_KEPT),
                FileTime.from(now.minus(Duration.ofDays(10))));
        Path other = folder("something-else", now.minus(Duration.ofDays(10)));
        Path quietButRunning = folder("egress4j-EG_running-4", now.minus(Duration.ofDays(2)));

        assertEquals(List.of(old), WorkDirs.sweep(temp, Duration.ofHours(24), now, Set.of("EG_running")));
        assertTrue(Files.exists(fresh) && Files.exists(holding) && Files.exists(other)
                && Files.exists(quietButRunning));
        assertTrue(Files.notExists(old));
        assertEquals(List.of(), WorkDirs.sweep(temp, Duration.ZERO, now.plus(Duration.ofDays(100)), Set.of()),
                "zero keeps everything");
    }

    private Path folder(String name, Instant changed) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        Path log = Files.writeString(dir.resolve("chromium.log"), "log");
        Files.setLastModifiedTime(log, FileTime.from(changed));
        Files.setLastModifiedTime(dir, FileTime.from(changed));
        return dir;
    }
}
