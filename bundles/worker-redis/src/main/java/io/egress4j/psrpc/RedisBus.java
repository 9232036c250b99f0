package io.egress4j.psrpc;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.Disposable;

/**
 * Redis PUBLISH/SUBSCRIBE on literal channel names with binary payloads: the transport under psrpc
 * (wire reference A1, A13).
 *
 * <p>One connection holds every subscription, a second one publishes and takes queue locks. Messages are handed
 * to the subscribers on one dispatcher thread, in arrival order; subscribers must return quickly. When Redis goes
 * away, Lettuce reconnects by itself (backing off from 50 ms to 2 s); once a connection is back the bus subscribes
 * every wanted channel again, so nothing needs registering twice. While disconnected, commands fail at once.
 */
public final class RedisBus implements MessageBus {

    static {
        LettuceSetup.useJdkLogging(); // before any Lettuce or netty class initializes its logger
    }

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration RESYNC_RETRY = Duration.ofMillis(500);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
    private final StatefulConnection<String, byte[]> commandConnection;
    private final BaseRedisAsyncCommands<String, byte[]> publisher;
    private final RedisStringAsyncCommands<String, byte[]> strings;
    private final Map<String, List<Consumer<byte[]>>> handlers = new ConcurrentHashMap<>();
    private final Object subscriptionLock = new Object();
    private final ExecutorService dispatcher;
    private final ScheduledExecutorService maintenance;
    private final Disposable connectionEvents;
    /** Counts connection losses; {@link #syncedLosses} catches up when every channel is subscribed again. */
    private final AtomicLong losses = new AtomicLong();
    private volatile long syncedLosses;
    private volatile boolean closed;

    private RedisBus(RedisSettings settings) {
        this.settings = settings;
        this.dispatcher = Executors.newSingleThreadExecutor(daemon("psrpc-bus-dispatch"));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("psrpc-bus-resubscribe"));
        this.resources = LettuceSetup.resources();
        this.connectionEvents = resources.eventBus().get().subscribe(event -> {
            if (event instanceof DisconnectedEvent) {
                losses.incrementAndGet();
            } else if (event instanceof ConnectionActivatedEvent) {
                scheduleResync(Duration.ZERO);
            }
        });
        AbstractRedisClient created = null;
        StatefulRedisPubSubConnection<String, byte[]> sub = null;
        try {
            if (settings.mode() == RedisSettings.Mode.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, LettuceSetup.clusterUris(settings));
                cluster.setOptions(LettuceSetup.clusterOptions(settings));
                created = cluster;
                sub = cluster.connectPubSub(CODEC);
                StatefulRedisClusterConnection<String, byte[]> commands = cluster.connect(CODEC);
                this.commandConnection = commands;
                this.publisher = commands.async();
                this.strings = commands.async();
            } else {
                RedisClient single = RedisClient.create(resources, LettuceSetup.standaloneUri(settings));
                single.setOptions(LettuceSetup.clientOptions(settings));
                created = single;
                sub = single.connectPubSub(CODEC);
                StatefulRedisConnection<String, byte[]> commands = single.connect(CODEC);
                this.commandConnection = commands;
                this.publisher = commands.async();
                this.strings = commands.async();
            }
        } catch (RuntimeException e) {
            if (sub != null) {
                sub.closeAsync();
            }
            if (created != null) {
                created.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            connectionEvents.dispose();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            dispatcher.shutdownNow();
            maintenance.shutdownNow();
            throw e;
        }
        this.client = created;
        this.subscriber = sub;
        this.subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                deliver(channel, message);
            }
        });
    }

    /**
     * Connects both connections. Lettuce and netty are created with this bundle's class loader as the thread
     * context class loader, so their class lookups stay inside the bundle under OSGi.
     *
     * @throws RpcException {@code unavailable} if Redis cannot be reached now
     */
    public static RedisBus connect(RedisSettings settings) throws RpcException {
        try {
            return withOwnClassLoader(() -> new RedisBus(settings));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RpcException(RpcCode.UNAVAILABLE, "cannot connect to " + settings + ": " + describe(e), e);
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    /**
     * Adds a subscriber to a channel and returns once Redis has confirmed the SUBSCRIBE (immediately if the
     * channel was already subscribed), so a request published afterwards can be answered on it.
     *
     * @param handler receives each payload on the dispatcher thread; must not block
     * @throws RpcException {@code unavailable} if Redis did not confirm; nothing stays registered then
     */
    @Override
    public Subscription subscribe(String channel, Consumer<byte[]> handler) throws RpcException {
        checkOpen();
        synchronized (subscriptionLock) {
            List<Consumer<byte[]>> list = handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            boolean first = list.isEmpty();
            list.add(handler);
            if (first) {
                try {
                    await(subscriber.async().subscribe(channel).toCompletableFuture());
                } catch (RpcException e) {
                    list.remove(handler);
                    if (list.isEmpty()) {
                        handlers.remove(channel);
                    }
                    throw new RpcException(e.code(), "redis: cannot subscribe to " + channel + ": " + e.getMessage(),
                            e.getCause());
                }
            }
        }
        return new Subscription() {
            private boolean done;

            @Override
            public String channel() {
                return channel;
            }

            @Override
            public void close() {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    done = true;
                }
                unsubscribe(channel, handler);
            }
        };
    }

    private void unsubscribe(String channel, Consumer<byte[]> handler) {
        synchronized (subscriptionLock) {
            List<Consumer<byte[]>> list = handlers.get(channel);
            if (list == null || !list.remove(handler) || !list.isEmpty()) {
                return;
            }
            handlers.remove(channel);
            if (!closed && subscriber.isOpen()) {
                // In order behind any earlier SUBSCRIBE on the same connection; a failure only leaves an idle
                // subscription behind (its messages find no subscriber).
                subscriber.async().unsubscribe(channel).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.log(Level.DEBUG, "redis: unsubscribe " + channel + " failed: " + describe(error));
                    }
                });
            }
        }
    }

    /** PUBLISH; completes when Redis has accepted it (with the number of receivers). */
    @Override
    public CompletableFuture<Long> publish(String channel, byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("redis bus is closed"));
        }
        try {
            return publisher.publish(channel, payload).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** PUBLISH and wait for Redis to accept it. */
    @Override
    public void publishAndWait(String channel, byte[] payload) throws RpcException {
        checkOpen();
        await(publish(channel, payload));
    }

    /**
     * {@code SET key value NX PX ttl} in the configured database: true if this call created the key. psrpc's queue
     * methods use it so that one server only handles a message.
     */
    @Override
    public boolean setIfAbsent(String key, byte[] value, Duration ttl) throws RpcException {
        checkOpen();
        String reply;
        try {
            reply = await(strings.set(key, value, SetArgs.Builder.nx().px(ttl.toMillis())).toCompletableFuture());
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RpcException(RpcCode.UNAVAILABLE, "redis: " + describe(e), e);
        }
        return "OK".equals(reply);
    }

    /** Both connections are up and every wanted channel is subscribed since the last reconnect. */
    @Override
    public boolean isReady() {
        return !closed && subscriber.isOpen() && commandConnection.isOpen() && syncedLosses == losses.get();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Channels that currently have at least one subscriber here. */
    public Set<String> channels() {
        return Set.copyOf(handlers.keySet());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connectionEvents.dispose();
        handlers.clear();
        withOwnClassLoader(() -> {
            subscriber.close();
            commandConnection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            return null;
        });
        maintenance.shutdownNow();
        dispatcher.shutdown();
    }

    // ---- internals

    private void deliver(String channel, byte[] payload) {
        List<Consumer<byte[]>> list = handlers.get(channel);
        if (list == null || closed) {
            return;
        }
        try {
            dispatcher.execute(() -> {
                for (Consumer<byte[]> handler : list) {
                    try {
                        handler.accept(payload);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "psrpc: subscriber of " + channel + " failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void scheduleResync(Duration delay) {
        if (closed) {
            return;
        }
        try {
            maintenance.schedule(this::resync, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * After a (re)connect: SUBSCRIBE every wanted channel again. Lettuce re-subscribes what it had confirmed
     * itself; this also covers channels added while Redis was away. Repeating a SUBSCRIBE is harmless.
     */
    private void resync() {
        if (closed) {
            return;
        }
        long mark = losses.get();
        CompletableFuture<Void> confirmed;
        synchronized (subscriptionLock) {
            if (subscriber == null || commandConnection == null) {
                return; // still inside the constructor: nothing to re-subscribe yet
            }
            if (!subscriber.isOpen() || !commandConnection.isOpen()) {
                return; // the next ConnectionActivatedEvent schedules another round
            }
            String[] channels = handlers.keySet().toArray(String[]::new);
            confirmed = channels.length == 0
                    ? CompletableFuture.completedFuture(null)
                    : subscriber.async().subscribe(channels).toCompletableFuture();
        }
        try {
            await(confirmed);
            if (losses.get() == mark && subscriber.isOpen() && commandConnection.isOpen()) {
                syncedLosses = mark;
                LOG.log(Level.DEBUG, "redis: subscriptions in place (" + handlers.size() + " channels)");
            }
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "redis: re-subscribing failed, retrying: " + e.getMessage());
            scheduleResync(RESYNC_RETRY);
        }
    }

    private <T> T await(CompletableFuture<T> future) throws RpcException {
        try {
            return future.get(settings.commandTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcCode.CANCELED, "interrupted", e);
        } catch (ExecutionException e) {
            throw new RpcException(RpcCode.UNAVAILABLE, describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new RpcException(RpcCode.UNAVAILABLE, "redis did not answer in time", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("redis bus is closed");
        }
    }

    static byte[] randomLockValue() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE).getBytes();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(RedisBus.class.getClassLoader());
            return thread;
        };
    }

    private static <T> T withOwnClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RedisBus.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
