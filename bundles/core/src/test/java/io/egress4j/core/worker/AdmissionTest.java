package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.core.config.CpuCostConfig;
import io.egress4j.core.worker.Admission.Cost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final Cost WEB = new Cost(4, 4, 0);
    private static final Cost TRACK = new Cost(0.5, 0, 0);

    private final MutableClock clock = new MutableClock();

    private Admission admission(int cores) {
        return new Admission(new CpuCostConfig(), cores, clock);
    }

    @Test
    void idleWorkerBidsHalfAndBusyWorkerWithRoomBidsOne() {
        Admission admission = admission(8);
        assertEquals(0.5, admission.affinity(TRACK));
        assertTrue(admission.accept("EG_1", TRACK));
        assertEquals(1.0, admission.affinity(TRACK));
    }

    @Test
    void refusesWhatDoesNotFitInEightyPercentOfTheCores() {
        Admission admission = admission(8);                 // 6.4 cores usable once busy
        assertTrue(admission.accept("EG_1", WEB));
        assertEquals(2.4, admission.availableCpu(), 1e-9);
        assertEquals(-1, admission.affinity(WEB));
        assertFalse(admission.accept("EG_2", WEB));
        assertTrue(admission.accept("EG_3", TRACK));
    }

    @Test
    void anIdleWorkerTakesAJobLargerThanEightyPercent() {
        Admission admission = admission(4);                 // 3.2 usable when busy, but all 4 when idle
        assertTrue(admission.accept("EG_1", WEB));
        assertEquals(-1, admission.affinity(TRACK), "4 - 3.2 leaves nothing");
    }

    @Test
    void withMaxMemoryUsedPlusPendingPlusCostPlusHeadroomMustStayBelowIt() {
        CpuCostConfig config = new CpuCostConfig();
        config.maxMemory = 8;
        Admission admission = new Admission(config, 16, clock);
        Cost twoGb = new Cost(0.5, 0, 2);
        admission.measuredMemory(3);
        assertTrue(admission.accept("EG_1", twoGb), "3 used + 2 + 1 headroom < 8");
        assertFalse(admission.canAccept(twoGb), "3 used + 2 pending + 2 + 1 = 8: refused");
        clock.advance(Admission.RESERVATION.plusSeconds(1));
        assertTrue(admission.canAccept(twoGb), "after its reservation only measured use counts");
        admission.measuredMemory(5.5);
        assertFalse(admission.canAccept(twoGb));
        assertTrue(admission.canAccept(TRACK), "no memory cost, 5.5 + 1 < 8");
    }

    @Test
    void withoutMaxMemoryMemoryIsNotLookedAt() {
        Admission admission = admission(8);
        admission.measuredMemory(1000);
        assertTrue(admission.canAccept(new Cost(0.5, 0, 64)));
    }

    @Test
    void measuredUsageCountsOnlyAfterTheReservation() {
        Admission admission = admission(8);
        admission.accept("EG_1", new Cost(2, 0, 0));
        admission.measured("EG_1", 5);
        assertEquals(4.4, admission.availableCpu(), 1e-9, "reserved cost during the first 15 s");
        clock.advance(Admission.RESERVATION.plusSeconds(1));
        assertEquals(1.4, admission.availableCpu(), 1e-9, "then what it really uses");
        admission.release("EG_1");
        assertEquals(8, admission.availableCpu(), 1e-9);
    }

    @Test
    void pulseClientsLimitChromeJobs() {
        CpuCostConfig config = new CpuCostConfig();
        config.maxPulseClients = 6;
        Admission admission = new Admission(config, 64, clock);
        assertTrue(admission.accept("EG_1", WEB));
        assertFalse(admission.canAccept(WEB), "4 + 4 clients > 6");
        assertTrue(admission.canAccept(TRACK), "SDK jobs need no pulse clients");
    }

    @Test
    void loadRatiosPerResourceAsUpstreamReportsThem() {
        CpuCostConfig config = new CpuCostConfig();
        config.maxPulseClients = 8;
        config.maxMemory = 10;
        Admission admission = new Admission(config, 64, clock);
        assertEquals(0, admission.pulseLoad());
        admission.accept("EG_1", WEB);
        assertEquals(0.5, admission.pulseLoad(), "4 of 8 PulseAudio clients");
        admission.measuredMemory(2.5);
        assertEquals(0.25, admission.memoryLoad(), "2.5 of 10 GB");
        assertEquals(0, new Admission(new CpuCostConfig(), 4, clock).memoryLoad(), "no max_memory, no ratio");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
