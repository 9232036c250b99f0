package io.egress4j.psrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.egress4j.protocol.psrpc.Psrpc;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server side of psrpc (wire reference A6, server steps): handlers registered per method and topic.
 *
 * <p>For every request that reaches a registered channel: drop it if expired; for queue methods, take the Redis
 * lock ({@code SET sha256 NX PX 5000}) or drop it; parse the argument, answering {@code malformed_request} at once
 * if it does not parse; for claim methods, bid with the affinity (none if negative) and handle only if this
 * server is chosen; run the handler and publish the response. Multi methods skip the claim: every server answers.
 *
 * <p>One server ID for all its handlers; the response goes to the method's service channel of the caller.
 */
public final class RpcServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RpcServer.class.getName());
    /** How long the queue lock key lives (psrpc's lockExpiration). */
    static final Duration QUEUE_LOCK_TTL = Duration.ofSeconds(5);

    private final MessageBus bus;
    private final String id;
    private final ExecutorService workers;
    private final Map<String, Registration<?>> registrations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> pendingClaims = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RpcServer(MessageBus bus) {
        this(bus, Ids.serverId());
    }

    public RpcServer(MessageBus bus, String serverId) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.id = Objects.requireNonNull(serverId, "serverId");
        this.workers = Workers.cached("psrpc-server-" + serverId);
    }

    /** This server's {@code SRV_…} ID, the one it bids and answers with. */
    public String id() {
        return id;
    }

    /** Registers a handler that bids 1 for claim methods. See {@link #register(MethodSpec, String, Parser, RpcHandler, AffinityFunction)}. */
    public <Q extends Message> void register(MethodSpec method, String topic, Parser<Q> requestParser,
                                             RpcHandler<Q> handler) throws RpcException {
        register(method, topic, requestParser, handler, null);
    }

    /**
     * Subscribes the method's request channel (and its claim channel) for {@code topic} and returns once Redis has
     * confirmed both: from then on requests are answered.
     *
     * @param topic    "" for none (e.g. StartEgress without cluster ID); the egress ID for StopEgress
     * @param affinity the bid for claim methods; null bids 1
     * @throws IllegalStateException if this method and topic already have a handler here
     * @throws RpcException {@code unavailable} if Redis did not confirm the subscriptions
     */
    public <Q extends Message> void register(MethodSpec method, String topic, Parser<Q> requestParser,
                                             RpcHandler<Q> handler, AffinityFunction<Q> affinity)
            throws RpcException {
        if (closed) {
            throw new IllegalStateException("rpc server is closed");
        }
        String key = key(method, topic);
        Registration<Q> registration = new Registration<>(method, topic == null ? "" : topic,
                Objects.requireNonNull(requestParser, "requestParser"), Objects.requireNonNull(handler, "handler"),
                affinity);
        if (registrations.putIfAbsent(key, registration) != null) {
            throw new IllegalStateException("handler already exists: " + method + " topic '" + topic + "'");
        }
        try {
            if (method.requireClaim()) {
                // The winner notice channel first: a bid must never go out before its answer can arrive.
                registration.claimSubscription = bus.subscribe(
                        Channels.claimResponse(method, registration.topic), this::onClaimResponse);
            }
            registration.requestSubscription = bus.subscribe(
                    Channels.request(method, registration.topic), payload -> onRequest(registration, payload));
        } catch (RpcException | RuntimeException e) {
            registrations.remove(key, registration);
            registration.close();
            throw e;
        }
        LOG.log(Level.DEBUG, () -> "psrpc: " + id + " serves " + method + " topic '" + registration.topic + "'");
    }

    /** Stops serving this method and topic; requests already being handled still get their answer. */
    public boolean unregister(MethodSpec method, String topic) {
        Registration<?> registration = registrations.remove(key(method, topic));
        if (registration == null) {
            return false;
        }
        registration.close();
        return true;
    }

    public boolean isRegistered(MethodSpec method, String topic) {
        return registrations.containsKey(key(method, topic));
    }

    /** Unregisters everything; handlers in progress finish and answer. */
    @Override
    public void close() {
        closed = true;
        for (String key : List.copyOf(registrations.keySet())) {
            Registration<?> registration = registrations.remove(key);
            if (registration != null) {
                registration.close();
            }
        }
        pendingClaims.values().forEach(f -> f.complete(""));
        workers.shutdown();
    }

    // ---- request path

    private void onRequest(Registration<?> registration, byte[] payload) {
        Psrpc.Request request = Envelope.request(payload);
        if (request == null) {
            LOG.log(Level.DEBUG, () -> "psrpc: ignoring a payload that is not an internal.Request on "
                    + Channels.request(registration.method, registration.topic));
            return;
        }
        if (WallClock.nowNanos() >= request.getExpiry()) {
            LOG.log(Level.DEBUG, () -> "psrpc: dropping expired request " + request.getRequestId());
            return;
        }
        if (registration.closed) {
            return;
        }
        try {
            workers.execute(() -> handle(registration, request, payload));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private <Q extends Message> void handle(Registration<Q> registration, Psrpc.Request request, byte[] payload) {
        try {
            MethodSpec method = registration.method;
            if (method.queue() && !winQueueLock(payload)) {
                return;
            }
            Q argument;
            try {
                argument = registration.parser.parseFrom(request.getRawRequest());
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.DEBUG, () -> "psrpc: malformed " + method + " request " + request.getRequestId());
                respond(method, request, null, new RpcException(RpcCode.MALFORMED_REQUEST, e.getMessage()));
                return;
            }
            if (method.requireClaim() && !claim(registration, request, argument)) {
                return;
            }
            IncomingRequest info = new IncomingRequest(request.getRequestId(), request.getClientId(),
                    WallClock.instant(request.getSentAt()), WallClock.instant(request.getExpiry()),
                    Map.copyOf(request.getMetadataMap()));
            Message result = null;
            RpcException failure = null;
            try {
                result = registration.handler.handle(argument, info);
            } catch (RpcException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new RpcException(RpcCode.CANCELED, "request canceled");
            } catch (Exception e) {
                LOG.log(Level.WARNING, "psrpc: " + method + " handler failed", e);
                failure = new RpcException(RpcCode.UNKNOWN, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            respond(method, request, result, failure);
        } catch (RuntimeException e) {
            LOG.log(bus.isClosed() ? Level.DEBUG : Level.WARNING,
                    "psrpc: failed to handle request " + request.getRequestId(), e);
        }
    }

    /** Queue methods: only the server whose {@code SET NX} creates the key handles the message. */
    private boolean winQueueLock(byte[] payload) {
        try {
            return bus.setIfAbsent(lockKey(payload), RedisBus.randomLockValue(), QUEUE_LOCK_TTL);
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "psrpc: queue lock failed, dropping the request: " + e.getMessage());
            return false;
        }
    }

    /** {@code Base64Std(SHA-256(raw Redis payload))}, as psrpc's Redis bus computes it. */
    static String lockKey(byte[] payload) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bids and waits for the client's choice; true if this server won. */
    private <Q extends Message> boolean claim(Registration<Q> registration, Psrpc.Request request, Q argument) {
        float affinity = 1;
        if (registration.affinity != null) {
            try {
                affinity = registration.affinity.affinity(argument);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "psrpc: affinity function failed, not bidding", e);
                return false;
            }
            if (affinity < 0 || Float.isNaN(affinity)) {
                return false;
            }
        }
        CompletableFuture<String> winner = new CompletableFuture<>();
        pendingClaims.put(request.getRequestId(), winner);
        try {
            Psrpc.ClaimRequest bid = Psrpc.ClaimRequest.newBuilder()
                    .setRequestId(request.getRequestId())
                    .setServerId(id)
                    .setAffinity(affinity)
                    .build();
            bus.publishAndWait(Channels.claimRequest(registration.method.service(), request.getClientId()),
                    Envelope.wrap(bid));
            long wait = request.getExpiry() - WallClock.nowNanos();
            if (wait <= 0) {
                return false;
            }
            return id.equals(winner.get(wait, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return false;
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "psrpc: could not bid for " + request.getRequestId() + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            pendingClaims.remove(request.getRequestId(), winner);
        }
    }

    private void onClaimResponse(byte[] payload) {
        Psrpc.ClaimResponse choice = Envelope.claimResponse(payload);
        if (choice == null) {
            return;
        }
        CompletableFuture<String> winner = pendingClaims.get(choice.getRequestId());
        if (winner != null) {
            winner.complete(choice.getServerId());
        }
    }

    private void respond(MethodSpec method, Psrpc.Request request, Message result, RpcException failure) {
        Psrpc.Response.Builder response = Psrpc.Response.newBuilder()
                .setRequestId(request.getRequestId())
                .setServerId(id)
                .setSentAt(WallClock.nowNanos());
        if (failure != null) {
            String text = failure.getMessage();
            // An empty error text would read as success on the other side.
            response.setError(text == null || text.isEmpty() ? failure.code() : text).setCode(failure.code());
        } else if (result != null) {
            response.setRawResponse(result.toByteString());
        }
        String channel = Channels.response(method.service(), request.getClientId());
        bus.publish(channel, Envelope.wrap(response.build())).whenComplete((receivers, error) -> {
            if (error != null && !bus.isClosed()) {
                LOG.log(Level.WARNING, "psrpc: could not send the response to " + request.getRequestId() + ": "
                        + error.getMessage());
            }
        });
    }

    private static String key(MethodSpec method, String topic) {
        return method.service() + "|" + method.method() + "|" + (topic == null ? "" : topic);
    }

    private static final class Registration<Q extends Message> {
        final MethodSpec method;
        final String topic;
        final Parser<Q> parser;
        final RpcHandler<Q> handler;
        final AffinityFunction<Q> affinity;
        volatile MessageBus.Subscription requestSubscription;
        volatile MessageBus.Subscription claimSubscription;
        volatile boolean closed;

        Registration(MethodSpec method, String topic, Parser<Q> parser, RpcHandler<Q> handler,
                     AffinityFunction<Q> affinity) {
            this.method = method;
            this.topic = topic;
            this.parser = parser;
            this.handler = handler;
            this.affinity = affinity;
        }

        void close() {
            closed = true;
            if (requestSubscription != null) {
                requestSubscription.close();
            }
            if (claimSubscription != null) {
                claimSubscription.close();
            }
        }
    }
}
