package io.egress4j.core.worker;

import java.util.Collection;

/**
 * How a worker stops: first it stops bidding for requests, then it lets its egresses end (SIGTERM) or ends them
 * (SIGINT), and returns once none runs.
 */
final class Shutdown {

    private static final long IDLE_POLL_MILLIS = 200;

    private final Runnable stopBidding;
    private final Collection<ActiveEgress> active;

    /** @param active the worker's running egresses, read as they change */
    Shutdown(Runnable stopBidding, Collection<ActiveEgress> active) {
        this.stopBidding = stopBidding;
        this.active = active;
    }

    /** SIGTERM: take no new work, let running egresses finish. */
    void drain() throws InterruptedException {
        stopBidding.run();
        awaitIdle();
    }

    /** SIGINT: stop every egress now; each finalises and stores its files, then reports FAILED. */
    void stopAll() throws InterruptedException {
        stopBidding.run();
        for (ActiveEgress egress : active) {
            egress.handler().ifPresent(handler -> handler.kill(EgressResults.SHUTTING_DOWN));
        }
        awaitIdle();
    }

    private void awaitIdle() throws InterruptedException {
        while (!active.isEmpty()) {
            Thread.sleep(IDLE_POLL_MILLIS);
        }
    }
}
