package io.egress4j.core.worker;

import io.egress4j.core.DaemonThreads;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import livekit.LivekitEgress.EgressInfo;

/**
 * Delivers EgressInfo updates to the LiveKit server (IOInfo.UpdateEgress) without ever blocking media: updates are
 * queued per egress and coalesced, so only the newest pending state of an egress is sent; failed deliveries are
 * retried with exponential backoff (250 ms doubling to 1 min), as upstream's IO client does. Egresses are spread
 * over a few delivery lanes by a hash of their ID, so one slow egress does not hold up the others, while the updates
 * of one egress stay in order.
 */
public final class InfoReporter implements AutoCloseable {

    /** Sends one update; throws when the server did not take it. */
    @FunctionalInterface
    public interface Delivery {
        void send(EgressInfo info) throws Exception;
    }

    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(InfoReporter.class.getName());

    private final Lane[] lanes;

    /** Without a health watch, e.g. for tests. */
    public InfoReporter(Delivery delivery, int laneCount) {
        this(delivery, laneCount, new IoHealth(IoHealth.WATCHDOG, () -> { }));
    }

    /** @param health told of every update that found no server, and of every one that got through */
    InfoReporter(Delivery delivery, int laneCount, IoHealth health) {
        lanes = new Lane[Math.max(1, laneCount)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(delivery, health, i);
        }
    }

    /** Queues {@code info}, replacing any update of the same egress that has not been sent yet. */
    public void report(EgressInfo info) {
        lanes[Math.floorMod(fnv1a(info.getEgressId()), lanes.length)].offer(info);
    }

    /** Sends what is queued, waiting up to {@code timeout}; used at shutdown. */
    public void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : lanes) {
            lane.drain(Math.max(0, deadline - System.nanoTime()));
        }
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.executor.shutdownNow();
        }
    }

    static int fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** One ordered delivery queue with at most one pending update per egress. */
    private static final class Lane {
        private final Delivery delivery;
        private final IoHealth health;
        private final ExecutorService executor;
        private final Map<String, EgressInfo> pending = new LinkedHashMap<>();

        Lane(Delivery delivery, IoHealth health, int index) {
            this.delivery = delivery;
            this.health = health;
            this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("ioinfo-" + index));
        }

        void offer(EgressInfo info) {
            boolean schedule;
            synchronized (pending) {
                schedule = pending.put(info.getEgressId(), info) == null;
            }
            if (schedule) {
                executor.execute(() -> deliver(info.getEgressId()));
            }
        }

        private void deliver(String egressId) {
            Duration backoff = FIRST_RETRY;
            while (!Thread.currentThread().isInterrupted()) {
                EgressInfo info;
                synchronized (pending) {
                    info = pending.get(egressId);
                }
                try {
                    delivery.send(info);
                    health.succeeded();
                    synchronized (pending) {
                        // A newer update that arrived meanwhile stays queued and goes next.
                        if (pending.get(egressId) == info) {
                            pending.remove(egressId);
                            return;
                        }
                    }
                } catch (Exception e) {
                    if (!retryable(e)) {
                        // As upstream: the server answered, and no retry would change its answer.
                        LOG.log(Level.WARNING, "[{0}] update refused by the LiveKit server ({1}); not retried",
                                egressId, e.getMessage());
                        synchronized (pending) {
                            if (pending.get(egressId) == info) {
                                pending.remove(egressId);
                                return;
                            }
                        }
                        continue;
                    }
                    health.failed(e.getMessage());
                    LOG.log(Level.WARNING, "[{0}] update to the LiveKit server failed ({1}); retrying in {2} ms",
                            egressId, e.getMessage(), backoff.toMillis());
                    try {
                        Thread.sleep(backoff.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
                }
            }
        }

        /** Upstream retries an update only when no server answered in time. */
        private static boolean retryable(Exception e) {
            return !(e instanceof RpcException rpc) || rpc.code().equals(RpcCode.DEADLINE_EXCEEDED)
                    || rpc.code().equals(RpcCode.UNAVAILABLE);
        }

        void drain(long timeoutNanos) throws InterruptedException {
            executor.shutdown();
            executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }
}
