package io.egress4j.core.worker;

import io.egress4j.core.DaemonThreads;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether the LiveKit server takes this worker's updates, as upstream's IO client tracks it: unhealthy from the first
 * update that found no server until one gets through. While unhealthy the worker takes no new egress; unhealthy for
 * {@link #WATCHDOG} on end, it stops bidding for good (running egresses go on).
 */
final class IoHealth implements AutoCloseable {

    /** Upstream's unhealthy-IO shutdown delay. */
    static final Duration WATCHDOG = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger(IoHealth.class.getName());

    private final Duration watchdogDelay;
    private final Runnable onWatchdog;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("io-watchdog"));
    private boolean healthy = true;
    private ScheduledFuture<?> watchdog;

    IoHealth(Duration watchdogDelay, Runnable onWatchdog) {
        this.watchdogDelay = watchdogDelay;
        this.onWatchdog = onWatchdog;
    }

    /** An update found no server in time. */
    synchronized void failed(String error) {
        if (healthy) {
            healthy = false;
            LOG.log(Level.WARNING, "io connection unhealthy: {0}; taking no new egress until it recovers", error);
            watchdog = timer.schedule(onWatchdog, watchdogDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** An update got through. */
    synchronized void succeeded() {
        if (!healthy) {
            healthy = true;
            watchdog.cancel(false);
            LOG.log(Level.INFO, "io connection restored");
        }
    }

    synchronized boolean healthy() {
        return healthy;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
