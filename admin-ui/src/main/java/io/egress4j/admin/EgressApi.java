package io.egress4j.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Empty;
import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.protocol.rpc.IoRpc;
import io.egress4j.psrpc.CallOptions;
import io.egress4j.psrpc.Ids;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.MultiResponse;
import io.egress4j.psrpc.RpcClient;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import io.egress4j.psrpc.Selection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ListEgressResponse;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitEgress.UpdateStreamRequest;

/**
 * The egress side of a LiveKit server, on the psrpc bus: StartEgress goes to whichever worker claims it (egress4j's
 * or upstream's), StopEgress and UpdateStream to the worker running the egress (topic = egress ID), and the workers'
 * IOInfo reports are kept in {@link EgressRecords}, which ListEgress reads. Its rules and messages are
 * livekit-server's.
 */
final class EgressApi implements AutoCloseable {

    /** livekit-server's first StartEgress attempt: max(psrpc timeout, 10 s). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper LAYOUT_JSON = new ObjectMapper();
    /** How long the workers have to answer ListActiveEgress. */
    static final Duration WORKERS_WINDOW = Duration.ofSeconds(1);
    /** psrpc's default, which livekit-server uses for StopEgress and UpdateStream. */
    private static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(3);

    private final String clusterId;
    private final EgressRecords records;
    private final Webhooks webhooks;
    /** The LiveKit server's RoomService, or null when {@code ws_url} is not set. */
    private final RoomService roomService;
    private final RpcClient egressInternal;
    private final RpcClient egressHandler;
    private final RpcServer ioInfo;

    private EgressApi(MessageBus bus, String clusterId, EgressRecords records, Webhooks webhooks,
                      RoomService roomService) throws RpcException {
        this.clusterId = clusterId;
        this.records = records;
        this.webhooks = webhooks;
        this.roomService = roomService;
        this.egressInternal = new RpcClient(bus, MethodSpec.START_EGRESS.service());
        this.egressHandler = new RpcClient(bus, MethodSpec.STOP_EGRESS.service());
        this.ioInfo = new RpcServer(bus);
    }

    /**
     * Serves IOInfo on {@code bus} and sends StartEgress to the workers of {@code clusterId}; what the workers report
     * is kept in {@code records} and told to {@code webhooks}. UpdateLayout goes to {@code roomService} (null: the
     * LiveKit server is not known, and UpdateLayout fails saying so).
     */
    static EgressApi start(MessageBus bus, String clusterId, EgressRecords records, Webhooks webhooks,
                           RoomService roomService) throws RpcException {
        EgressApi api = new EgressApi(bus, clusterId, records, webhooks, roomService);
        try {
            api.ioInfo.register(MethodSpec.CREATE_EGRESS, "", EgressInfo.parser(), (info, incoming) -> {
                api.created(info);
                return Empty.getDefaultInstance();
            }, info -> 1);
            api.ioInfo.register(MethodSpec.UPDATE_EGRESS, "", EgressInfo.parser(), (info, incoming) -> {
                records.put(info);
                webhooks.updated(info);
                return Empty.getDefaultInstance();
            }, info -> 1);
            api.ioInfo.register(MethodSpec.GET_EGRESS, "", IoRpc.GetEgressRequest.parser(),
                    (get, incoming) -> api.stored(get.getEgressId()), get -> 1);
            api.ioInfo.register(MethodSpec.LIST_EGRESS, "", ListEgressRequest.parser(),
                    (list, incoming) -> api.list(list), list -> 1);
            api.ioInfo.register(MethodSpec.UPDATE_METRICS, "", IoRpc.UpdateMetricsRequest.parser(),
                    (metrics, incoming) -> Empty.getDefaultInstance(), metrics -> 1);
        } catch (RpcException | RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    /** Gives the request a new egress ID, has a worker claim it, and keeps what the worker answered. */
    EgressInfo start(EgressRpc.StartEgressRequest.Builder request) throws RpcException {
        request.setEgressId(Ids.withPrefix("EG_"));
        EgressInfo info = egressInternal.call(MethodSpec.START_EGRESS, clusterId, request.build(),
                EgressInfo.parser(), CallOptions.timeout(START_TIMEOUT).withSelection(Selection.LIVEKIT_START_EGRESS));
        created(info);
        return info;
    }

    /** CreateEgress, from the worker or from the StartEgress answer: whichever comes first is the news. */
    private void created(EgressInfo info) {
        if (records.putIfAbsent(info)) {
            webhooks.created(info);
        }
    }

    /** One egress by ID (NotFound if unknown), else those of a room (every room when empty), else all; active only. */
    ListEgressResponse list(ListEgressRequest request) throws RpcException {
        if (!request.getEgressId().isEmpty()) {
            return ListEgressResponse.newBuilder().addItems(stored(request.getEgressId())).build();
        }
        List<EgressInfo> items = records.all().stream()
                .filter(info -> request.getRoomName().isEmpty() || request.getRoomName().equals(info.getRoomName()))
                .filter(info -> !request.getActive() || EgressRecords.isActive(info))
                .toList();
        return ListEgressResponse.newBuilder().addAllItems(items).build();
    }

    /**
     * As livekit-server: the recorder (whose identity is the egress ID) gets the metadata {@code {"layout": ...}}
     * through the LiveKit server's RoomService, which its template reads; the stored info is the answer.
     */
    EgressInfo updateLayout(UpdateLayoutRequest request) throws RpcException {
        EgressInfo info = stored(request.getEgressId());
        if (roomService == null) {
            throw new RpcException(RpcCode.FAILED_PRECONDITION, "ws_url is not set: UpdateLayout reaches the"
                    + " recorder through the LiveKit server's RoomService there");
        }
        try {
            roomService.updateParticipant(info.getRoomName(), info.getEgressId(),
                    LAYOUT_JSON.writeValueAsString(Map.of("layout", request.getLayout())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
        return info;
    }

    /** A worker on the bus and the egresses it runs. */
    record Worker(String id, List<String> egressIds) {
    }

    /** Every worker that answers ListActiveEgress within {@link #WORKERS_WINDOW}, by ID. */
    List<Worker> workers() throws RpcException {
        return egressInternal.callMulti(MethodSpec.LIST_ACTIVE_EGRESS, "",
                        EgressRpc.ListActiveEgressRequest.getDefaultInstance(),
                        EgressRpc.ListActiveEgressResponse.parser(), CallOptions.timeout(WORKERS_WINDOW)).stream()
                .filter(MultiResponse::ok)
                .map(answer -> new Worker(answer.serverId(), answer.result().getEgressIdsList().stream().sorted()
                        .toList()))
                .sorted(Comparator.comparing(Worker::id)).toList();
    }

    EgressInfo stop(StopEgressRequest request) throws RpcException {
        try {
            return egressHandler.call(MethodSpec.STOP_EGRESS, request.getEgressId(), request, EgressInfo.parser(),
                    CallOptions.timeout(HANDLER_TIMEOUT));
        } catch (RpcException e) {
            throw explained(request.getEgressId(), e, "stopped");
        }
    }

    EgressInfo updateStream(UpdateStreamRequest request) throws RpcException {
        try {
            return egressHandler.call(MethodSpec.UPDATE_STREAM, request.getEgressId(), request,
                    EgressInfo.parser(), CallOptions.timeout(HANDLER_TIMEOUT));
        } catch (RpcException e) {
            throw explained(request.getEgressId(), e, "updated");
        }
    }

    /**
     * livekit-server's reading of a failed call to a worker: an unknown egress is NotFound, a running one keeps the
     * worker's error, one that already ended cannot be {@code verb}.
     */
    private RpcException explained(String egressId, RpcException error, String verb) {
        return records.get(egressId).map(info -> EgressRecords.isActive(info) ? error
                : new RpcException(RpcCode.FAILED_PRECONDITION, "egress with status " + info.getStatus()
                        + " cannot be " + verb))
                .orElseGet(() -> new RpcException(RpcCode.NOT_FOUND, "egress does not exist"));
    }

    private EgressInfo stored(String egressId) throws RpcException {
        return records.get(egressId).orElseThrow(() -> new RpcException(RpcCode.NOT_FOUND, "egress does not exist"));
    }

    @Override
    public void close() {
        ioInfo.close();
        egressHandler.close();
        egressInternal.close();
    }
}
