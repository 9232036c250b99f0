package io.egress4j.psrpc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The bus of a standalone node: psrpc's channels inside this process, no Redis. As on {@link RedisBus}, a message
 * reaches the subscribers its channel has when it is published, on one dispatcher thread in publishing order, so a
 * subscriber that publishes from its callback is never re-entered.
 */
public final class LocalBus implements MessageBus {

    private static final System.Logger LOG = System.getLogger(LocalBus.class.getName());

    private final Map<String, List<Consumer<byte[]>>> handlers = new ConcurrentHashMap<>();
    /** Lock keys and when (System.nanoTime) each expires. */
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-bus");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    @Override
    public Subscription subscribe(String channel, Consumer<byte[]> handler) throws RpcException {
        if (closed) {
            throw new RpcException(RpcCode.UNAVAILABLE, "the local bus is closed");
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
        return new Subscription() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public void close() {
                handlers.computeIfPresent(channel, (c, list) -> {
                    list.remove(handler);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    @Override
    public CompletableFuture<Long> publish(String channel, byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the local bus is closed"));
        }
        List<Consumer<byte[]>> receivers = List.copyOf(handlers.getOrDefault(channel, List.of()));
        try {
            dispatcher.execute(() -> receivers.forEach(handler -> {
                try {
                    handler.accept(payload);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "psrpc: subscriber of " + channel + " failed", e);
                }
            }));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the local bus is closed"));
        }
        return CompletableFuture.completedFuture((long) receivers.size());
    }

    @Override
    public void publishAndWait(String channel, byte[] payload) throws RpcException {
        if (publish(channel, payload).isCompletedExceptionally()) {
            throw new RpcException(RpcCode.UNAVAILABLE, "the local bus is closed");
        }
    }

    @Override
    public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
        long now = System.nanoTime();
        long expires = now + ttl.toNanos();
        // Taken when absent or expired; compute runs atomically per key.
        long kept = keys.compute(key, (k, old) -> old == null || old - now <= 0 ? expires : old);
        keys.values().removeIf(expiry -> expiry - now <= 0);
        return kept == expires;
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        handlers.clear();
        dispatcher.shutdown();
    }
}
