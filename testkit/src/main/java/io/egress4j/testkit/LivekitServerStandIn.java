package io.egress4j.testkit;

import com.google.protobuf.Empty;
import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.protocol.rpc.IoRpc;
import io.egress4j.psrpc.CallOptions;
import io.egress4j.psrpc.Ids;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.MultiResponse;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RedisSettings;
import io.egress4j.psrpc.RpcClient;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import io.egress4j.psrpc.Selection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;
import java.util.TreeSet;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ListEgressResponse;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.UpdateStreamRequest;

/**
 * Plays livekit-server's part on the psrpc bus (wire reference A14), for tests of the worker.
 *
 * <ul>
 *   <li>Client of EgressInternal (StartEgress with livekit-server's selection: 1 s window, 500 ms after the first
 *       bid, affinity 1 wins at once; 10 s timeout; ListActiveEgress) and of EgressHandler (StopEgress,
 *       UpdateStream on topic = egress ID, the first bid wins, 3 s timeout). No retries: a test sees the first
 *       outcome.</li>
 *   <li>Server of IOInfo (CreateEgress, UpdateEgress, GetEgress, ListEgress, UpdateMetrics) on queue
 *       subscriptions. Every EgressInfo received is recorded, so a test can wait for a status and read the whole
 *       history of an egress.</li>
 * </ul>
 */
public final class LivekitServerStandIn implements AutoCloseable {

    /** livekit-server's first StartEgress attempt: max(psrpc timeout, 10 s). */
    public static final Duration START_EGRESS_TIMEOUT = Duration.ofSeconds(10);
    /** psrpc's default, which livekit-server uses for StopEgress / UpdateStream. */
    public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(3);
    /** How long ListActiveEgress collects answers. */
    public static final Duration LIST_ACTIVE_WINDOW = Duration.ofSeconds(1);

    /** One IOInfo call as received. */
    public record Received(String method, EgressInfo info, Instant at) {
    }

    private final MessageBus bus;
    private final boolean ownsBus;
    private final String clusterId;
    private final RpcClient egressInternal;
    private final RpcClient egressHandler;
    private final RpcServer ioInfo;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, EgressInfo> stored = new LinkedHashMap<>();
    private volatile boolean ioResponding = true;

    private LivekitServerStandIn(MessageBus bus, boolean ownsBus, String clusterId) throws RpcException {
        this.bus = bus;
        this.ownsBus = ownsBus;
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        RpcClient internal = null;
        RpcClient handler = null;
        RpcServer io = null;
        try {
            internal = new RpcClient(bus, MethodSpec.START_EGRESS.service());
            handler = new RpcClient(bus, MethodSpec.STOP_EGRESS.service());
            io = new RpcServer(bus);
            io.register(MethodSpec.CREATE_EGRESS, "", EgressInfo.parser(), (info, incoming) -> onCreate(info),
                    info -> bid());
            io.register(MethodSpec.UPDATE_EGRESS, "", EgressInfo.parser(), (info, incoming) -> onUpdate(info),
                    info -> bid());
            io.register(MethodSpec.GET_EGRESS, "", IoRpc.GetEgressRequest.parser(),
                    (get, incoming) -> onGet(get.getEgressId()), get -> bid());
            io.register(MethodSpec.LIST_EGRESS, "", ListEgressRequest.parser(), (list, incoming) -> onList(list),
                    list -> bid());
            io.register(MethodSpec.UPDATE_METRICS, "", IoRpc.UpdateMetricsRequest.parser(),
                    (metrics, incoming) -> Empty.getDefaultInstance(), metrics -> bid());
        } catch (RpcException | RuntimeException e) {
            if (io != null) {
                io.close();
            }
            if (handler != null) {
                handler.close();
            }
            if (internal != null) {
                internal.close();
            }
            throw e;
        }
        this.egressInternal = internal;
        this.egressHandler = handler;
        this.ioInfo = io;
    }

    /** Connects its own bus; topic "" for StartEgress (OSS livekit-server). */
    public static LivekitServerStandIn start(RedisSettings settings) throws RpcException {
        return start(settings, "");
    }

    /** Connects its own bus; StartEgress goes to the workers of {@code clusterId}. */
    public static LivekitServerStandIn start(RedisSettings settings, String clusterId) throws RpcException {
        RedisBus bus = RedisBus.connect(settings);
        try {
            return new LivekitServerStandIn(bus, true, clusterId);
        } catch (RpcException | RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    /** Shares a bus the caller owns (and closes). */
    public static LivekitServerStandIn on(MessageBus bus, String clusterId) throws RpcException {
        return new LivekitServerStandIn(bus, false, clusterId);
    }

    public MessageBus bus() {
        return bus;
    }

    // ---- EgressInternal / EgressHandler client

    /**
     * StartEgress as livekit-server sends it: an egress ID is generated if the request has none; the response is
     * stored like livekit-server's own CreateEgress (without adding to {@link #history}).
     */
    public EgressInfo startEgress(EgressRpc.StartEgressRequest request) throws RpcException {
        return startEgress(request, CallOptions.timeout(START_EGRESS_TIMEOUT));
    }

    public EgressInfo startEgress(EgressRpc.StartEgressRequest request, CallOptions options) throws RpcException {
        EgressRpc.StartEgressRequest withId = request.getEgressId().isEmpty()
                ? request.toBuilder().setEgressId(Ids.withPrefix("EG_")).build()
                : request;
        if (options.selection() == null) {
            options = options.withSelection(Selection.LIVEKIT_START_EGRESS);
        }
        EgressInfo info = egressInternal.call(MethodSpec.START_EGRESS, clusterId, withId, EgressInfo.parser(),
                options);
        synchronized (this) {
            stored.putIfAbsent(info.getEgressId(), info);
        }
        return info;
    }

    /** The union of every worker's active egress IDs, collected for {@link #LIST_ACTIVE_WINDOW}. */
    public List<String> listActiveEgress() throws RpcException {
        Set<String> ids = new TreeSet<>();
        for (MultiResponse<EgressRpc.ListActiveEgressResponse> answer : listActiveEgress(LIST_ACTIVE_WINDOW)) {
            if (answer.ok()) {
                ids.addAll(answer.result().getEgressIdsList());
            }
        }
        return List.copyOf(ids);
    }

    /** Every worker's answer to ListActiveEgress within {@code window}. */
    public List<MultiResponse<EgressRpc.ListActiveEgressResponse>> listActiveEgress(Duration window)
            throws RpcException {
        return egressInternal.callMulti(MethodSpec.LIST_ACTIVE_EGRESS, "",
                EgressRpc.ListActiveEgressRequest.getDefaultInstance(),
                EgressRpc.ListActiveEgressResponse.parser(), CallOptions.timeout(window));
    }

    public EgressInfo stopEgress(String egressId) throws RpcException {
        return egressHandler.call(MethodSpec.STOP_EGRESS, egressId,
                StopEgressRequest.newBuilder().setEgressId(egressId).build(), EgressInfo.parser(),
                CallOptions.timeout(HANDLER_TIMEOUT));
    }

    public EgressInfo updateStream(String egressId, List<String> addOutputUrls, List<String> removeOutputUrls)
            throws RpcException {
        return egressHandler.call(MethodSpec.UPDATE_STREAM, egressId, UpdateStreamRequest.newBuilder()
                        .setEgressId(egressId)
                        .addAllAddOutputUrls(addOutputUrls)
                        .addAllRemoveOutputUrls(removeOutputUrls)
                        .build(),
                EgressInfo.parser(), CallOptions.timeout(HANDLER_TIMEOUT));
    }

    // ---- IOInfo server: what the worker reported

    /**
     * While false, the IOInfo server does not bid: the worker's IOInfo calls fail with "no response from servers"
     * (as if livekit-server were gone). Default true.
     */
    public void setIoResponding(boolean responding) {
        ioResponding = responding;
    }

    /** Every CreateEgress / UpdateEgress received, in arrival order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The EgressInfos received for one egress (CreateEgress and UpdateEgress), in arrival order. */
    public synchronized List<EgressInfo> history(String egressId) {
        return received.stream().map(Received::info).filter(i -> i.getEgressId().equals(egressId)).toList();
    }

    /** The statuses received for one egress, in arrival order. */
    public List<EgressStatus> statuses(String egressId) {
        return history(egressId).stream().map(EgressInfo::getStatus).toList();
    }

    /** What livekit-server would store for this egress now. */
    public synchronized Optional<EgressInfo> stored(String egressId) {
        return Optional.ofNullable(stored.get(egressId));
    }

    /**
     * Waits until an EgressInfo with this status has been received for the egress and returns the first such.
     *
     * @throws AssertionError with the history so far if it does not arrive in time
     */
    public synchronized EgressInfo awaitStatus(String egressId, EgressStatus status, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (r.info().getEgressId().equals(egressId) && r.info().getStatus() == status) {
                    return r.info();
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("egress " + egressId + " did not report " + status + " within " + timeout
                        + "; received: " + statuses(egressId));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Waits until an EgressInfo received for the egress satisfies {@code condition} and returns it.
     *
     * @param what describes the condition in the failure message
     */
    public synchronized EgressInfo awaitInfo(String egressId, String what, Predicate<EgressInfo> condition,
                                             Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (r.info().getEgressId().equals(egressId) && condition.test(r.info())) {
                    return r.info();
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("egress " + egressId + ": no EgressInfo with " + what + " within " + timeout
                        + "; last: " + stored(egressId).map(Object::toString).orElse("none"));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until {@code count} IOInfo calls have been received in total. */
    public synchronized List<Received> awaitReceived(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " IOInfo calls within " + timeout + ", got "
                        + received.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        ioInfo.close();
        egressHandler.close();
        egressInternal.close();
        if (ownsBus) {
            bus.close();
        }
    }

    // ---- IOInfo handlers

    private float bid() {
        return ioResponding ? 1 : -1;
    }

    private synchronized Empty onCreate(EgressInfo info) {
        received.add(new Received(MethodSpec.CREATE_EGRESS.method(), info, Instant.now()));
        stored.putIfAbsent(info.getEgressId(), info);
        notifyAll();
        return Empty.getDefaultInstance();
    }

    private synchronized Empty onUpdate(EgressInfo info) {
        received.add(new Received(MethodSpec.UPDATE_EGRESS.method(), info, Instant.now()));
        stored.put(info.getEgressId(), info);
        notifyAll();
        return Empty.getDefaultInstance();
    }

    private synchronized EgressInfo onGet(String egressId) throws RpcException {
        EgressInfo info = stored.get(egressId);
        if (info == null) {
            throw new RpcException(RpcCode.NOT_FOUND, "egress not found");
        }
        return info;
    }

    private synchronized ListEgressResponse onList(ListEgressRequest request) {
        ListEgressResponse.Builder response = ListEgressResponse.newBuilder();
        for (EgressInfo info : stored.values()) {
            if (!request.getRoomName().isEmpty() && !request.getRoomName().equals(info.getRoomName())) {
                continue;
            }
            if (!request.getEgressId().isEmpty() && !request.getEgressId().equals(info.getEgressId())) {
                continue;
            }
            if (request.getActive() && info.getStatusValue() > EgressStatus.EGRESS_ENDING_VALUE) {
                continue;
            }
            response.addItems(info);
        }
        return response.build();
    }
}
