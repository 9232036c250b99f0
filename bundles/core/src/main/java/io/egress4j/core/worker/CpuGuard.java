package io.egress4j.core.worker;

import java.util.Map;
import java.util.Optional;

/**
 * Upstream's load shedding: when the machine's CPU stays above its threshold for 10 one-second ticks while more
 * than one egress runs, the egress using the most CPU beyond what it was admitted for is stopped ("CPU
 * exhausted"), so the others keep their quality. Five calm ticks reset the count.
 */
final class CpuGuard {

    static final int OVERLOADED_TICKS = 10;
    static final int CALM_TICKS_TO_RESET = 5;

    /** What one egress uses now, in cores, and what it was admitted for. */
    record Usage(double cores, double allowed) {
    }

    private final double threshold;
    private int overloaded;
    private int calm;

    /** The threshold is 0.95, or halfway between max_cpu_utilization and 1 when that is higher. */
    CpuGuard(double maxCpuUtilization) {
        this.threshold = maxCpuUtilization >= 0.95 ? (1 + maxCpuUtilization) / 2 : 0.95;
    }

    /**
     * One tick.
     *
     * @param nodeLoad the machine's CPU use, 0..1
     * @param usage    per running egress
     * @return the egress to stop, when the machine has been overloaded long enough
     */
    Optional<String> tick(double nodeLoad, Map<String, Usage> usage) {
        if (nodeLoad <= threshold) {
            if (++calm >= CALM_TICKS_TO_RESET) {
                overloaded = 0;
            }
            return Optional.empty();
        }
        calm = 0;
        if (++overloaded < OVERLOADED_TICKS || usage.size() < 2) {
            return Optional.empty();
        }
        overloaded = 0;
        return usage.entrySet().stream()
                .filter(e -> e.getValue().cores() > e.getValue().allowed())
                .max((a, b) -> Double.compare(a.getValue().cores() - a.getValue().allowed(),
                        b.getValue().cores() - b.getValue().allowed()))
                .map(Map.Entry::getKey);
    }
}
