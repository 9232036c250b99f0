package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.Test;

class InfoReporterTest {

    private static EgressInfo info(String id, EgressStatus status) {
        return EgressInfo.newBuilder().setEgressId(id).setStatus(status).build();
    }

    @Test
    void coalescesUpdatesQueuedBehindASlowDelivery() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<EgressStatus> sent = new CopyOnWriteArrayList<>();
        try (InfoReporter reporter = new InfoReporter(info -> {
            firstStarted.countDown();
            release.await();
            sent.add(info.getStatus());
        }, 1)) {
            reporter.report(info("EG_1", EgressStatus.EGRESS_STARTING));
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            reporter.report(info("EG_1", EgressStatus.EGRESS_ACTIVE));
            reporter.report(info("EG_1", EgressStatus.EGRESS_ENDING));
            reporter.report(info("EG_1", EgressStatus.EGRESS_COMPLETE));
            release.countDown();
            reporter.drain(Duration.ofSeconds(5));
        }
        assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_COMPLETE), sent,
                "the three updates queued while STARTING was in flight collapse into the newest");
    }

    @Test
    void retriesUntilTheServerTakesIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch delivered = new CountDownLatch(1);
        try (InfoReporter reporter = new InfoReporter(info -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("no response from servers");
            }
            delivered.countDown();
        }, 2)) {
            reporter.report(info("EG_2", EgressStatus.EGRESS_ACTIVE));
            assertTrue(delivered.await(5, TimeUnit.SECONDS), "delivered after two retries (250 + 500 ms)");
        }
        assertEquals(3, attempts.get());
    }

    @Test
    void anUpdateTheServerRefusesIsNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch next = new CountDownLatch(1);
        try (InfoReporter reporter = new InfoReporter(info -> {
            if (info.getEgressId().equals("EG_refused")) {
                attempts.incrementAndGet();
                throw new io.egress4j.psrpc.RpcException(io.egress4j.psrpc.RpcCode.INVALID_ARGUMENT, "bad info");
            }
            next.countDown();
        }, 1)) {
            reporter.report(info("EG_refused", EgressStatus.EGRESS_ACTIVE));
            reporter.report(info("EG_next", EgressStatus.EGRESS_ACTIVE));
            assertTrue(next.await(5, TimeUnit.SECONDS), "the lane moved on");
        }
        assertEquals(1, attempts.get(), "sent once, not retried");
    }

    @Test
    void spreadsEgressesOverLanesByAStableHash() {
        assertEquals(InfoReporter.fnv1a("EG_abc"), InfoReporter.fnv1a("EG_abc"));
        assertEquals(0x811c9dc5, InfoReporter.fnv1a(""));
    }
}
