package io.egress4j.core.worker;

import java.util.Map;
import java.util.Optional;

/**
 * Upstream's memory enforcement: once the memory in use stays above {@code max_memory} for more than
 * {@code memory_kill_grace_sec} one-second ticks (0 = at once), the egress with the largest resident set is killed
 * ("OOM: X GB used") before the kernel's OOM killer picks something at random. Off without {@code max_memory}.
 */
final class MemoryGuard {

    private final double maxMemoryGb;
    private final int graceTicks;
    private int over;

    MemoryGuard(double maxMemoryGb, int graceTicks) {
        this.maxMemoryGb = maxMemoryGb;
        this.graceTicks = graceTicks;
    }

    /**
     * One tick.
     *
     * @param usedGb      the memory in use now
     * @param residentGb  per running egress
     * @return the egress to kill
     */
    Optional<String> tick(double usedGb, Map<String, Double> residentGb) {
        if (maxMemoryGb <= 0 || usedGb <= maxMemoryGb) {
            over = 0;
            return Optional.empty();
        }
        if (++over <= graceTicks) {
            return Optional.empty();
        }
        over = 0;
        return residentGb.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }
}
