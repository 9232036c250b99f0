package io.egress4j.core.worker;

import io.egress4j.core.config.CpuCostConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether this worker can take another egress, the way upstream does: of {@code cores ×
 * max_cpu_utilization}, each running egress uses the larger of its reserved cost and its measured CPU, and exactly its
 * cost during the first 15 s. Chrome-based egresses also need PulseAudio
 * clients (4 each) under {@code max_pulse_clients}. With {@code max_memory} set, the memory in use, plus the
 * memory cost of egresses still in their reservation, plus the new one's, plus 1 GB of headroom must stay below it.
 */
public final class Admission {

    /** How long a new egress's reserved cost counts before its measured usage may replace it. */
    static final Duration RESERVATION = Duration.ofSeconds(15);

    /** Kept free of egresses' memory, upstream's margin. */
    static final double MEMORY_HEADROOM_GB = 1;

    /** What one egress is expected to use: cores, PulseAudio clients, GB of memory. */
    public record Cost(double cpu, int pulseClients, double memoryGb) {
    }

    private record Running(Cost cost, Instant acceptedAt, double measuredCpu) {
    }

    private final double capacity;
    private final int cores;
    private final int maxPulseClients;
    private final double maxMemoryGb;
    private double memoryUsedGb;
    /** Cores the handler processes booted ahead of requests (spares) use now. */
    private double idleCpu;
    private final Clock clock;
    private final Map<String, Running> running = new HashMap<>();

    public Admission(CpuCostConfig config, int cores, Clock clock) {
        this.cores = cores;
        this.capacity = cores * config.maxCpuUtilization;
        this.maxPulseClients = config.maxPulseClients;
        this.maxMemoryGb = config.maxMemory;
        this.clock = clock;
    }

    /** Cores still free for new work. With nothing running, the whole machine is, spares or not. */
    public synchronized double availableCpu() {
        if (running.isEmpty()) {
            return cores;
        }
        return capacity - idleCpu - running.values().stream().mapToDouble(this::charged).sum();
    }

    /** Records what the handler processes booted ahead of requests use now, in cores. */
    public synchronized void measuredIdle(double cpu) {
        idleCpu = cpu;
    }

    /**
     * During its reservation an egress counts at its cost (start-up measurements mean little); after it, at the
     * larger of its cost and what it was measured to use.
     */
    private double charged(Running egress) {
        return reserved(egress) ? egress.cost().cpu() : Math.max(egress.cost().cpu(), egress.measuredCpu());
    }

    public synchronized boolean canAccept(Cost cost) {
        return availableCpu() >= cost.cpu() && pulseClients() + cost.pulseClients() <= maxPulseClients
                && memoryFits(cost);
    }

    private int pulseClients() {
        return running.values().stream().mapToInt(r -> r.cost().pulseClients()).sum();
    }

    /** Share of {@code max_pulse_clients} the running egresses take, 0..1 (upstream's pulse load ratio). */
    public synchronized double pulseLoad() {
        return maxPulseClients <= 0 ? 0 : Math.min(1, (double) pulseClients() / maxPulseClients);
    }

    /** Share of {@code max_memory} in use, 0..1; 0 when no limit is set (upstream's memory load ratio). */
    public synchronized double memoryLoad() {
        return maxMemoryGb <= 0 ? 0 : Math.min(1, memoryUsedGb / maxMemoryGb);
    }

    private boolean memoryFits(Cost cost) {
        if (maxMemoryGb <= 0) {
            return true;
        }
        double pending = running.values().stream().filter(this::reserved).mapToDouble(r -> r.cost().memoryGb()).sum();
        return memoryUsedGb + pending + cost.memoryGb() + MEMORY_HEADROOM_GB < maxMemoryGb;
    }

    private boolean reserved(Running egress) {
        return Duration.between(egress.acceptedAt(), clock.instant()).compareTo(RESERVATION) < 0;
    }

    /** Records the memory egresses use now (per {@code memory_source}), in GB. */
    public synchronized void measuredMemory(double usedGb) {
        memoryUsedGb = usedGb;
    }

    /**
     * The bid for a StartEgress claim: no bid (-1) when it cannot run it, 0.5 when idle, 1 when already busy but with
     * room, which packs work onto busy workers and keeps idle ones free for large jobs.
     */
    public synchronized double affinity(Cost cost) {
        if (!canAccept(cost)) {
            return -1;
        }
        return running.isEmpty() ? 0.5 : 1;
    }

    /** Reserves capacity for an accepted egress. Returns false (and reserves nothing) if it no longer fits. */
    public synchronized boolean accept(String egressId, Cost cost) {
        if (!canAccept(cost)) {
            return false;
        }
        running.put(egressId, new Running(cost, clock.instant(), 0));
        return true;
    }

    /** Records what an egress's processes use now, in cores. */
    public synchronized void measured(String egressId, double cpu) {
        running.computeIfPresent(egressId, (id, egress) -> new Running(egress.cost(), egress.acceptedAt(), cpu));
    }

    public synchronized void release(String egressId) {
        running.remove(egressId);
    }

    public synchronized int runningCount() {
        return running.size();
    }
}
