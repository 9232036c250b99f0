package io.egress4j.core.worker;

import io.egress4j.core.handler.HandlerProcess;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;

/** An egress this worker runs: its handler process and the newest EgressInfo it reported. */
final class ActiveEgress {

    private final String egressId;
    private volatile HandlerProcess handler;
    private volatile EgressInfo latest;
    private long lastCpuNanos = -1;

    ActiveEgress(String egressId, EgressInfo starting) {
        this.egressId = egressId;
        this.latest = starting;
    }

    String egressId() {
        return egressId;
    }

    void attach(HandlerProcess process) {
        this.handler = process;
    }

    Optional<HandlerProcess> handler() {
        return Optional.ofNullable(handler);
    }

    EgressInfo latest() {
        return latest;
    }

    void update(EgressInfo info) {
        latest = info;
    }

    /**
     * Cores used since the last call, summed over the handler and everything it started (Chromium, Xvfb, ...).
     * Processes that ended in between take their CPU time with them, so a drop counts as zero.
     */
    synchronized double sampleCores(Duration interval) {
        HandlerProcess process = handler;
        if (process == null) {
            return 0;
        }
        long total = ProcessHandle.of(process.pid())
                .map(p -> Stream.concat(Stream.of(p), p.descendants()))
                .orElseGet(Stream::empty)
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        long previous = lastCpuNanos;
        lastCpuNanos = total;
        return previous < 0 ? 0 : Math.max(0, total - previous) / (double) interval.toNanos();
    }
}
