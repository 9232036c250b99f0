package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Segments wait for storage in a queue bounded by what the core derives from {@code max_upload_queue}; a storage
 * that falls further behind fails the output, as upstream's "segment upload job queue is full".
 */
class StoringQueueTest {

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final List<String> stored = new CopyOnWriteArrayList<>();

    @Test
    void aFullQueueFailsTheOutput() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StoringQueue queue = new StoringQueue("segment", 1);

        queue.offer(() -> {
            storing.countDown();
            awaitQuietly(release);
            stored.add("seg_00000.ts");
            stored.add("index.m3u8");
        });
        assertTrue(storing.await(10, TimeUnit.SECONDS), "the first segment is being stored");
        queue.offer(() -> stored.add("seg_00001.ts")); // waits in the queue
        queue.offer(() -> stored.add("seg_00002.ts")); // one too many
        release.countDown();

        EgressException e = assertThrows(EgressException.class, () -> queue.drain(DRAIN));
        assertEquals(EgressException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("segment upload queue is full"), e.getMessage());
        assertTrue(e.getMessage().contains("max_upload_queue"), "names the config key: " + e.getMessage());
        assertEquals(List.of("seg_00000.ts", "index.m3u8"), stored, "a failed output stores nothing more");
    }

    @Test
    void aFailedJobFailsTheOutputAndStopsTheJobsAfterIt() {
        StoringQueue queue = new StoringQueue("image", 10);
        EgressException failure = new EgressException(EgressException.Code.UNAVAILABLE, "storage down");

        queue.offer(() -> stored.add("image_00000.jpeg"));
        queue.offer(() -> {
            throw failure;
        });
        queue.offer(() -> stored.add("image_00001.jpeg"));

        assertEquals(failure, assertThrows(EgressException.class, () -> queue.drain(DRAIN)));
        assertEquals(List.of("image_00000.jpeg"), stored);
    }

    @Test
    void drainRunsEveryQueuedJobInOrder() throws Exception {
        StoringQueue queue = new StoringQueue("segment", 3);
        for (int i = 0; i < 3; i++) {
            String name = "seg_" + i;
            queue.offer(() -> stored.add(name));
        }

        queue.drain(DRAIN);

        assertEquals(List.of("seg_0", "seg_1", "seg_2"), stored);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
