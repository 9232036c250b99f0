package io.egress4j.psrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.egress4j.protocol.psrpc.Psrpc;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client side of psrpc for one service (wire reference A6, client steps; A7 selection).
 *
 * <p>On creation it subscribes its reply channels {@code Service|CLI|RES} and {@code Service|CLI|CLAIM} and waits
 * for Redis to confirm them. A unary call publishes the request, collects bids for claim methods and announces the
 * winner, then waits for the response until the timeout. Calls block the calling thread; any number may run at
 * once.
 */
public final class RpcClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RpcClient.class.getName());
    private static final Psrpc.Response CLOSED = Psrpc.Response.newBuilder()
            .setError("client is closed").setCode(RpcCode.CANCELED).build();

    private final MessageBus bus;
    private final String service;
    private final String id;
    private final Map<String, BlockingQueue<Message>> pending = new ConcurrentHashMap<>();
    private final MessageBus.Subscription responses;
    private final MessageBus.Subscription claims;
    private volatile boolean closed;

    /** A client with a fresh {@code CLI_…} ID. */
    public RpcClient(MessageBus bus, String service) throws RpcException {
        this(bus, service, Ids.clientId());
    }

    /**
     * @param service the psrpc service name, e.g. {@code "IOInfo"}; calls must use methods of this service
     * @throws RpcException {@code unavailable} if Redis did not confirm the reply channels
     */
    public RpcClient(MessageBus bus, String service, String clientId) throws RpcException {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.service = Objects.requireNonNull(service, "service");
        this.id = Objects.requireNonNull(clientId, "clientId");
        this.responses = bus.subscribe(Channels.response(service, id), this::onResponse);
        try {
            this.claims = bus.subscribe(Channels.claimRequest(service, id), this::onClaim);
        } catch (RpcException | RuntimeException e) {
            responses.close();
            throw e;
        }
    }

    /** This client's {@code CLI_…} ID. */
    public String id() {
        return id;
    }

    public String service() {
        return service;
    }

    /** A unary call with {@link CallOptions#DEFAULT} (3 s, the method's default selection). */
    public <R extends Message> R call(MethodSpec method, String topic, Message request, Parser<R> responseParser)
            throws RpcException {
        return call(method, topic, request, responseParser, CallOptions.DEFAULT);
    }

    /**
     * A unary call. Fails with the server's code and text, or with {@code unavailable "no response from servers"}
     * when nobody bid, {@code unavailable "no servers available (received N responses)"} when no bid qualified,
     * {@code deadline_exceeded "request timed out"} when the response did not come in time,
     * {@code malformed_result} when it did not parse, {@code internal} when Redis refused the publish.
     */
    public <R extends Message> R call(MethodSpec method, String topic, Message request, Parser<R> responseParser,
                                      CallOptions options) throws RpcException {
        checkMethod(method);
        if (method.multi()) {
            throw new IllegalArgumentException(method + " is a multi method: use callMulti");
        }
        Selection selection = options.selection() != null ? options.selection() : Selection.defaultFor(method);
        long timeout = options.timeout().toNanos();
        long end = System.nanoTime() + timeout;
        String requestId = Ids.requestId();
        BlockingQueue<Message> inbox = open(requestId);
        try {
            publish(Channels.request(method, topic), newRequest(requestId, request, timeout, false, options));
            if (method.requireClaim()) {
                String winner = selectServer(inbox, selection, end);
                publish(Channels.claimResponse(method, topic), Psrpc.ClaimResponse.newBuilder()
                        .setRequestId(requestId).setServerId(winner).build());
            }
            Psrpc.Response response = nextResponse(inbox, end);
            if (response == null) {
                throw RpcException.timedOut();
            }
            return parseResult(response, responseParser);
        } finally {
            pending.remove(requestId);
        }
    }

    /**
     * A multi call: every server subscribed to the method and topic answers; the answers that arrive within the
     * timeout are returned (possibly none), each with its result or error.
     */
    public <R extends Message> List<MultiResponse<R>> callMulti(MethodSpec method, String topic, Message request,
                                                                Parser<R> responseParser, CallOptions options)
            throws RpcException {
        checkMethod(method);
        if (!method.multi()) {
            throw new IllegalArgumentException(method + " is not a multi method: use call");
        }
        long timeout = options.timeout().toNanos();
        long end = System.nanoTime() + timeout;
        String requestId = Ids.requestId();
        BlockingQueue<Message> inbox = open(requestId);
        try {
            publish(Channels.request(method, topic), newRequest(requestId, request, timeout, true, options));
            List<MultiResponse<R>> answers = new ArrayList<>();
            Psrpc.Response response;
            while ((response = nextResponse(inbox, end)) != null) {
                if (response == CLOSED) {
                    break;
                }
                try {
                    answers.add(new MultiResponse<>(response.getServerId(), parseResult(response, responseParser),
                            null));
                } catch (RpcException e) {
                    answers.add(new MultiResponse<>(response.getServerId(), null, e));
                }
            }
            return answers;
        } finally {
            pending.remove(requestId);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        claims.close();
        responses.close();
        pending.values().forEach(inbox -> inbox.offer(CLOSED));
    }

    // ---- internals

    private void checkMethod(MethodSpec method) {
        if (closed) {
            throw new IllegalStateException("rpc client is closed");
        }
        if (!method.service().equals(service)) {
            throw new IllegalArgumentException(method + " does not belong to this " + service + " client");
        }
    }

    private BlockingQueue<Message> open(String requestId) {
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        pending.put(requestId, inbox);
        return inbox;
    }

    private Psrpc.Request newRequest(String requestId, Message request, long timeoutNanos, boolean multi,
                                     CallOptions options) {
        long now = WallClock.nowNanos();
        return Psrpc.Request.newBuilder()
                .setRequestId(requestId)
                .setClientId(id)
                .setSentAt(now)
                .setExpiry(now + timeoutNanos)
                .setMulti(multi)
                .putAllMetadata(options.metadata())
                .setRawRequest(request.toByteString())
                .build();
    }

    private void publish(String channel, Message message) throws RpcException {
        try {
            bus.publishAndWait(channel, Envelope.wrap(message));
        } catch (RpcException e) {
            throw new RpcException(RpcCode.INTERNAL, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new RpcException(RpcCode.CANCELED, e.getMessage(), e);
        }
    }

    /** psrpc's selectServer: waits for bids until the selection window closes, then picks. */
    static String selectServer(BlockingQueue<Message> inbox, Selection selection, long requestEnd)
            throws RpcException {
        long start = System.nanoTime();
        long windowEnd = requestEnd;
        if (!selection.affinityTimeout().isZero()) {
            windowEnd = Math.min(windowEnd, start + selection.affinityTimeout().toNanos());
        }
        String best = null;
        float bestAffinity = 0;
        int bids = 0;
        boolean shortCircuited = false;
        RpcException early = null;
        while (true) {
            Message message = poll(inbox, windowEnd);
            if (message == null) {
                break;
            }
            if (message instanceof Psrpc.ClaimRequest bid) {
                bids++;
                float affinity = bid.getAffinity();
                if (selection.minimumAffinity() > 0 && affinity < selection.minimumAffinity()) {
                    continue;
                }
                if (selection.acceptFirstAvailable()
                        || selection.maximumAffinity() > 0 && affinity >= selection.maximumAffinity()) {
                    return bid.getServerId();
                }
                if (affinity > bestAffinity) { // strictly greater: the first of equal bids wins
                    best = bid.getServerId();
                    bestAffinity = affinity;
                }
                if (!shortCircuited && !selection.shortCircuitTimeout().isZero()) {
                    shortCircuited = true;
                    windowEnd = Math.min(windowEnd, System.nanoTime() + selection.shortCircuitTimeout().toNanos());
                }
            } else if (message instanceof Psrpc.Response response) {
                if (response == CLOSED) {
                    throw new RpcException(response.getCode(), response.getError());
                }
                if (!response.getError().isEmpty()) { // only a malformed_request answer comes before a claim
                    early = new RpcException(response.getCode(), response.getError());
                }
            }
        }
        if (best != null) {
            return best;
        }
        if (early != null) {
            throw early;
        }
        if (bids > 0) {
            throw new RpcException(RpcCode.UNAVAILABLE, "no servers available (received " + bids + " responses)");
        }
        throw RpcException.noResponse();
    }

    /** The next Response in the inbox (late bids are skipped), or null at the deadline. */
    private static Psrpc.Response nextResponse(BlockingQueue<Message> inbox, long end) throws RpcException {
        Message message;
        while ((message = poll(inbox, end)) != null) {
            if (message instanceof Psrpc.Response response) {
                return response;
            }
        }
        return null;
    }

    private static Message poll(BlockingQueue<Message> inbox, long end) throws RpcException {
        long left = end - System.nanoTime();
        try {
            return left <= 0 ? inbox.poll() : inbox.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcCode.CANCELED, "request canceled", e);
        }
    }

    private static <R extends Message> R parseResult(Psrpc.Response response, Parser<R> parser)
            throws RpcException {
        if (!response.getError().isEmpty()) {
            throw new RpcException(response.getCode(), response.getError());
        }
        try {
            return parser.parseFrom(response.getRawResponse());
        } catch (InvalidProtocolBufferException e) {
            throw new RpcException(RpcCode.MALFORMED_RESULT, e.getMessage(), e);
        }
    }

    private void onResponse(byte[] payload) {
        Psrpc.Response response = Envelope.response(payload);
        if (response == null) {
            LOG.log(Level.DEBUG, "psrpc: ignoring a payload that is not an internal.Response");
            return;
        }
        BlockingQueue<Message> inbox = pending.get(response.getRequestId());
        if (inbox != null) {
            inbox.offer(response);
        }
    }

    private void onClaim(byte[] payload) {
        Psrpc.ClaimRequest bid = Envelope.claimRequest(payload);
        if (bid == null) {
            LOG.log(Level.DEBUG, "psrpc: ignoring a payload that is not an internal.ClaimRequest");
            return;
        }
        BlockingQueue<Message> inbox = pending.get(bid.getRequestId());
        if (inbox != null) {
            inbox.offer(bid);
        }
    }
}
