package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.EgressInfo;
import org.junit.jupiter.api.Test;

class IoHealthTest {

    @Test
    void unhealthyFromAFailedUpdateUntilOneGetsThrough() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        try (IoHealth health = new IoHealth(Duration.ofMillis(300), fired::incrementAndGet)) {
            health.failed("no response from servers");
            assertFalse(health.healthy());
            health.succeeded();
            assertTrue(health.healthy());
            Thread.sleep(600);
            assertEquals(0, fired.get(), "a recovery in time cancels the watchdog");
        }
    }

    @Test
    void theWatchdogFiresWhenNoUpdateGetsThroughInTime() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        try (IoHealth health = new IoHealth(Duration.ofMillis(300), fired::countDown);
             InfoReporter reporter = new InfoReporter(info -> {
                 attempts.incrementAndGet();
                 throw new io.egress4j.psrpc.RpcException(io.egress4j.psrpc.RpcCode.UNAVAILABLE,
                         "no response from servers");
             }, 1, health)) {
            reporter.report(EgressInfo.newBuilder().setEgressId("EG_io").build());
            assertTrue(fired.await(5, TimeUnit.SECONDS), "the watchdog fired");
            assertFalse(health.healthy());
            assertTrue(attempts.get() >= 1);
        }
    }
}
