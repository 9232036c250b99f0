package io.egress4j.core.worker;

import io.egress4j.core.handler.HandlerJob;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;

/**
 * An egress this worker runs: its handler and the newest EgressInfo it reported. What its process uses is charged
 * to it in the share it has of that process (light egresses share one).
 */
final class ActiveEgress {

    private final String egressId;
    private volatile HandlerJob handler;
    private volatile EgressInfo latest;
    private final double allowedCpu;
    private final java.time.Instant acceptedAt = java.time.Instant.now();
    private long lastCpuNanos = -1;
    private volatile double lastCores;

    ActiveEgress(String egressId, EgressInfo starting, double allowedCpu) {
        this.egressId = egressId;
        this.latest = starting;
        this.allowedCpu = allowedCpu;
    }

    /** The CPU this egress was admitted for. */
    double allowedCpu() {
        return allowedCpu;
    }

    /** Whether it is past the start-up window in which its CPU use says little (Chromium launching, ...). */
    boolean settled() {
        return Duration.between(acceptedAt, java.time.Instant.now()).compareTo(Admission.RESERVATION) >= 0;
    }

    /** Cores used at the last sample. */
    double lastCores() {
        return lastCores;
    }

    String egressId() {
        return egressId;
    }

    void attach(HandlerJob process) {
        this.handler = process;
    }

    Optional<HandlerJob> handler() {
        return Optional.ofNullable(handler);
    }

    EgressInfo latest() {
        return latest;
    }

    void update(EgressInfo info) {
        latest = info;
    }

    /** Bytes resident in the handler and everything it started, in this egress's share. */
    long residentBytes() {
        return (long) (processTree().mapToLong(MemoryUse::residentBytes).sum() * share());
    }

    private double share() {
        HandlerJob job = handler;
        return job == null ? 0 : job.processShare();
    }

    /** The handler and everything it started (Chromium, Xvfb, ...); empty before it runs or once it ended. */
    private Stream<ProcessHandle> processTree() {
        HandlerJob process = handler;
        return process == null ? Stream.empty() : ProcessHandle.of(process.pid())
                .map(p -> Stream.concat(Stream.of(p), p.descendants()))
                .orElseGet(Stream::empty);
    }

    /**
     * Cores used since the last call, summed over the handler and everything it started (Chromium, Xvfb, ...), in
     * this egress's share.
     * Processes that ended in between take their CPU time with them, so a drop counts as zero.
     */
    synchronized double sampleCores(Duration interval) {
        if (handler == null) {
            return 0;
        }
        long total = processTree()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        long previous = lastCpuNanos;
        lastCpuNanos = total;
        lastCores = previous < 0 ? 0 : Math.max(0, total - previous) * share() / interval.toNanos();
        return lastCores;
    }
}
