package io.egress4j.psrpc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What psrpc travels on: named channels carrying binary payloads to every subscriber, and keys that only one caller
 * can take (a queue method's lock). {@link RedisBus} connects a cluster through Redis; {@link LocalBus} keeps a
 * standalone node's messages inside its process, with the same semantics, so servers and clients do not know which.
 */
public interface MessageBus extends AutoCloseable {

    /** A subscriber's registration; closing it stops the deliveries. */
    interface Subscription extends AutoCloseable {
        String channel();

        @Override
        void close();
    }

    /**
     * Adds a subscriber to a channel and returns once messages published afterwards reach it.
     *
     * @param handler receives each payload, in publishing order, on the bus's dispatcher thread; must not block
     * @throws RpcException {@code unavailable} if the bus cannot subscribe; nothing stays registered then
     */
    Subscription subscribe(String channel, Consumer<byte[]> handler) throws RpcException;

    /** Publishes; completes once the bus accepted the message, with the number of subscribers it reached. */
    CompletableFuture<Long> publish(String channel, byte[] payload);

    /** Publishes and waits for the bus to accept the message. */
    void publishAndWait(String channel, byte[] payload) throws RpcException;

    /** Creates {@code key} with {@code value} for {@code ttl} unless it exists: true if this call created it. */
    boolean setIfAbsent(String key, byte[] value, Duration ttl) throws RpcException;

    /** Whether messages flow: connected, and every subscription in place. */
    boolean isReady();

    /** Waits until {@link #isReady()}; returns whether it got there in time. */
    default boolean awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (System.nanoTime() - end >= 0 || isClosed()) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    boolean isClosed();

    @Override
    void close();
}
