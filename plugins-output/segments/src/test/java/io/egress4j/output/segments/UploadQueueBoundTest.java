package io.egress4j.output.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.UploadQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments wait for storage in a queue bounded by {@value UploadQueue#CAPACITY} (the core derives it from
 * {@code max_upload_queue}); a storage that falls further behind fails the output, as upstream's "segment upload
 * job queue is full".
 */
class UploadQueueBoundTest {

    @TempDir
    Path dir;

    @Test
    void aFullQueueFailsTheOutput() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> stored = new CopyOnWriteArrayList<>();
        OutputRequest request = new OutputRequest("EG_q", null, null, Map.of(UploadQueue.CAPACITY, "1",
                "segment_duration", "2", "segment_prefix", "seg", "playlist", "index.m3u8"), dir,
                (file, storagePath, contentType) -> {
                    if (storagePath.endsWith(".ts")) {
                        storing.countDown();
                        awaitQuietly(release);
                    }
                    stored.add(storagePath);
                    return "mem://" + storagePath;
                });
        SegmentBranch branch = new SegmentBranch(request, SegmentOptions.of(request.options()));
        branch.clockStarted(Instant.now());

        close(branch, 0);
        assertTrue(storing.await(10, TimeUnit.SECONDS), "the first segment is being stored");
        close(branch, 1); // waits in the queue
        close(branch, 2); // one too many
        release.countDown();

        EgressException e = assertThrows(EgressException.class, branch::finish);
        assertEquals(EgressException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("segment upload queue is full"), e.getMessage());
        assertTrue(e.getMessage().contains("max_upload_queue"), "names the config key: " + e.getMessage());
        assertEquals(List.of("seg_00000.ts", "index.m3u8"), stored, "a failed output stores nothing more");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close(SegmentBranch branch, int index) throws Exception {
        Path file = Files.write(dir.resolve("part_" + index + ".ts"), new byte[188]);
        long start = index * 2_000_000_000L;
        branch.onMessage("seg", "splitmuxsink-fragment-opened",
                Map.of("location", file.toString(), "running-time", String.valueOf(start)));
        branch.onMessage("seg", "splitmuxsink-fragment-closed",
                Map.of("location", file.toString(), "running-time", String.valueOf(start + 2_000_000_000L)));
    }
}
