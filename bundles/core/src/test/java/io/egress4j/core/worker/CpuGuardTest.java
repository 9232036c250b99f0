package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.core.worker.CpuGuard.Usage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuGuardTest {

    private static final Map<String, Usage> TWO_JOBS = Map.of("EG_calm", new Usage(0.4, 0.5),
            "EG_greedy", new Usage(3.5, 2.0), "EG_busy", new Usage(1.2, 1.0));

    @Test
    void stopsTheEgressMostOverItsCostAfterTenOverloadedTicks() {
        CpuGuard guard = new CpuGuard(0.8);
        for (int i = 1; i < CpuGuard.OVERLOADED_TICKS; i++) {
            assertTrue(guard.tick(0.99, TWO_JOBS).isEmpty(), "tick " + i);
        }
        assertEquals(Optional.of("EG_greedy"), guard.tick(0.99, TWO_JOBS));
        assertTrue(guard.tick(0.99, TWO_JOBS).isEmpty(), "the count starts again");
    }

    @Test
    void neverStopsALoneEgress() {
        CpuGuard guard = new CpuGuard(0.8);
        for (int i = 0; i < 30; i++) {
            assertTrue(guard.tick(1.0, Map.of("EG_only", new Usage(2, 1))).isEmpty());
        }
    }

    @Test
    void fiveCalmTicksResetTheCount() {
        CpuGuard guard = new CpuGuard(0.8);
        for (int i = 0; i < 9; i++) {
            guard.tick(0.99, TWO_JOBS);
        }
        for (int i = 0; i < CpuGuard.CALM_TICKS_TO_RESET; i++) {
            guard.tick(0.5, TWO_JOBS);
        }
        for (int i = 1; i < CpuGuard.OVERLOADED_TICKS; i++) {
            assertTrue(guard.tick(0.99, TWO_JOBS).isEmpty());
        }
    }

    @Test
    void aHighUtilizationSettingRaisesTheThreshold() {
        CpuGuard guard = new CpuGuard(0.98);                 // threshold 0.99
        for (int i = 0; i < 20; i++) {
            assertTrue(guard.tick(0.985, TWO_JOBS).isEmpty());
        }
    }

    @Test
    void nodeLoadFromProcStat() {
        NodeLoad load = new NodeLoad();
        assertEquals(0, load.sample("cpu  100 0 100 800 0 0 0 0 0 0"));
        assertEquals(0.5, load.sample("cpu  150 0 150 900 0 0 0 0 0 0"), 1e-9, "100 busy of 200 ticks");
    }
}
