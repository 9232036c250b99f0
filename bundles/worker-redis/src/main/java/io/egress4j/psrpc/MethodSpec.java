package io.egress4j.psrpc;

import java.util.Objects;

/**
 * One psrpc method and its routing flags, as the generated Go code registers them (wire reference A5).
 *
 * @param service      service name, part of every channel name (e.g. {@code EgressInternal})
 * @param method       method name (e.g. {@code StartEgress})
 * @param affinity     the client weighs bids by affinity (otherwise the first bid wins)
 * @param multi        every server answers; no claim
 * @param requireClaim servers bid and the client picks one
 * @param queue        only one server per message gets past the Redis lock ({@code SET NX PX 5000})
 */
public record MethodSpec(String service, String method, boolean affinity, boolean multi, boolean requireClaim,
                         boolean queue) {

    /** Topic: cluster ID ("" by default). Argument {@code rpc.StartEgressRequest}, result {@code livekit.EgressInfo}. */
    public static final MethodSpec START_EGRESS =
            new MethodSpec("EgressInternal", "StartEgress", true, false, true, false);
    /** Topic "". Argument {@code rpc.ListActiveEgressRequest}, one {@code rpc.ListActiveEgressResponse} per worker. */
    public static final MethodSpec LIST_ACTIVE_EGRESS =
            new MethodSpec("EgressInternal", "ListActiveEgress", false, true, false, false);
    /** Topic: egress ID. Argument {@code livekit.StopEgressRequest}, result {@code livekit.EgressInfo}. */
    public static final MethodSpec STOP_EGRESS =
            new MethodSpec("EgressHandler", "StopEgress", false, false, true, true);
    /** Topic: egress ID (deprecated upstream). Argument {@code livekit.UpdateStreamRequest}, result EgressInfo. */
    public static final MethodSpec UPDATE_STREAM =
            new MethodSpec("EgressHandler", "UpdateStream", false, false, true, true);
    /** No topic. Argument {@code livekit.EgressInfo}, result {@code google.protobuf.Empty}. Served by livekit-server. */
    public static final MethodSpec CREATE_EGRESS =
            new MethodSpec("IOInfo", "CreateEgress", false, false, true, true);
    /** No topic. Argument {@code livekit.EgressInfo}, result {@code google.protobuf.Empty}. Served by livekit-server. */
    public static final MethodSpec UPDATE_EGRESS =
            new MethodSpec("IOInfo", "UpdateEgress", false, false, true, true);
    /** No topic. Argument {@code rpc.GetEgressRequest}, result {@code livekit.EgressInfo}. */
    public static final MethodSpec GET_EGRESS =
            new MethodSpec("IOInfo", "GetEgress", false, false, true, true);
    /** No topic. Argument {@code livekit.ListEgressRequest}, result {@code livekit.ListEgressResponse}. */
    public static final MethodSpec LIST_EGRESS =
            new MethodSpec("IOInfo", "ListEgress", false, false, true, true);
    /** No topic. Argument {@code rpc.UpdateMetricsRequest}, result {@code google.protobuf.Empty}. */
    public static final MethodSpec UPDATE_METRICS =
            new MethodSpec("IOInfo", "UpdateMetrics", false, false, true, true);

    public MethodSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        if (multi && requireClaim) {
            throw new IllegalArgumentException(service + "." + method + ": a multi method cannot require a claim");
        }
    }

    @Override
    public String toString() {
        return service + "." + method;
    }
}
