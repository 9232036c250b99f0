package io.egress4j.core.worker;

import io.egress4j.core.DaemonThreads;
import io.egress4j.core.config.CpuCostConfig;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the worker's egresses within the machine: every second it measures each one's CPU (and, with
 * {@code max_memory}, memory), tells admission what it measured, and stops the egress that overloads the machine
 * (see {@link CpuGuard} and {@link MemoryGuard}).
 */
final class LoadGuard implements AutoCloseable {

    private static final Duration USAGE_INTERVAL = Duration.ofSeconds(1);
    private static final double GB = 1024.0 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(LoadGuard.class.getName());

    private final CpuCostConfig cpuCost;
    private final Admission admission;
    private final Map<String, ActiveEgress> active;
    private final ScheduledExecutorService usageSampler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("cpu-usage"));
    private final CpuGuard cpuGuard;
    private final MemoryGuard memoryGuard;
    private final NodeLoad nodeLoad = new NodeLoad();
    private final Supplier<List<ProcessHandle>> idleProcesses;
    /** CPU time of each idle process at the last sample, by pid. */
    private final Map<Long, Long> idleCpuNanos = new HashMap<>();

    /**
     * @param active        the worker's running egresses by id, read as they change
     * @param idleProcesses handler processes booted but running no egress (spares): they count against admission
     */
    LoadGuard(CpuCostConfig cpuCost, Admission admission, Map<String, ActiveEgress> active,
              Supplier<List<ProcessHandle>> idleProcesses) {
        this.cpuCost = cpuCost;
        this.admission = admission;
        this.active = active;
        this.idleProcesses = idleProcesses;
        this.cpuGuard = new CpuGuard(cpuCost.maxCpuUtilization);
        this.memoryGuard = new MemoryGuard(cpuCost.maxMemory, cpuCost.memoryKillGraceSec);
    }

    /** Starts sampling, one second from now. */
    void start() {
        usageSampler.scheduleAtFixedRate(this::sampleUsage, 1, USAGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    private void sampleUsage() {
        Map<String, CpuGuard.Usage> usage = new HashMap<>();
        for (ActiveEgress egress : active.values()) {
            double cores = egress.sampleCores(USAGE_INTERVAL);
            admission.measured(egress.egressId(), cores);
            if (egress.settled()) {
                usage.put(egress.egressId(), new CpuGuard.Usage(cores, egress.allowedCpu()));
            }
        }
        admission.measuredIdle(sampleIdleCores());
        cpuGuard.tick(nodeLoad.sample(), usage).ifPresent(this::shedLoad);
        if (cpuCost.maxMemory > 0) {
            sampleMemory();
        }
    }

    /** Cores the idle handler processes used since the last sample (a spare booting uses one). */
    private double sampleIdleCores() {
        Map<Long, Long> now = new HashMap<>();
        long used = 0;
        for (ProcessHandle process : idleProcesses.get()) {
            long nanos = process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            now.put(process.pid(), nanos);
            used += Math.max(0, nanos - idleCpuNanos.getOrDefault(process.pid(), nanos));
        }
        idleCpuNanos.clear();
        idleCpuNanos.putAll(now);
        return used / (double) USAGE_INTERVAL.toNanos();
    }

    /** Only with max_memory set: reading every process's memory each second is not free. */
    private void sampleMemory() {
        Map<String, Double> residentGb = new HashMap<>();
        long summed = idleProcesses.get().stream().mapToLong(MemoryUse::residentBytes).sum();
        for (ActiveEgress egress : active.values()) {
            long bytes = egress.residentBytes();
            summed += bytes;
            residentGb.put(egress.egressId(), bytes / GB);
        }
        double usedGb = MemoryUse.used(cpuCost.memorySource, summed) / GB;
        admission.measuredMemory(usedGb);
        memoryGuard.tick(usedGb, residentGb).ifPresent(egressId -> killForMemory(egressId, usedGb));
    }

    /** Memory stayed over max_memory: the largest egress goes, with upstream's error; its files are finalised. */
    private void killForMemory(String egressId, double usedGb) {
        ActiveEgress egress = active.get(egressId);
        if (egress == null) {
            return;
        }
        String error = String.format(Locale.ROOT, "%s: %.2f GB used", EgressResults.OOM, usedGb);
        LOG.log(Level.WARNING, "[{0}] {1} (max_memory {2} GB); killing the largest egress", egressId, error,
                cpuCost.maxMemory);
        egress.handler().ifPresent(handler -> handler.kill(error));
    }

    /**
     * Stops the egress that overloads the machine, gracefully ("CPU exhausted"); if it is still running after
     * {@code cpu_kill_grace_sec} it is ended with upstream's error, its files still finalised.
     */
    private void shedLoad(String egressId) {
        ActiveEgress egress = active.get(egressId);
        if (egress == null || egress.handler().isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, "[{0}] CPU exhausted ({1} cores used, admitted for {2}); stopping it", egressId,
                String.format(Locale.ROOT, "%.2f", egress.lastCores()), egress.allowedCpu());
        egress.handler().get().stop(EgressResults.CPU_EXHAUSTED);
        usageSampler.schedule(() -> {
            if (active.containsKey(egressId)) {
                egress.handler().ifPresent(handler -> handler.kill(String.format(Locale.ROOT,
                        "%s: %.2f cores used", EgressResults.CPU_EXHAUSTED, egress.lastCores())));
            }
        }, cpuCost.cpuKillGraceSec, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        usageSampler.shutdownNow();
    }
}
