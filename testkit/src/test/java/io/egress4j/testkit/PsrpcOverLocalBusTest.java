package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.psrpc.Ids;
import io.egress4j.psrpc.LocalBus;
import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * psrpc inside one process (a standalone node): the same servers and clients as over Redis, on a {@link LocalBus}.
 * Claims, affinity, queue methods and multi-calls behave as {@link PsrpcOverRedisTest} shows them over Redis.
 */
class PsrpcOverLocalBusTest {

    private final LocalBus bus = new LocalBus();
    private LivekitServerStandIn server;

    @BeforeEach
    void start() throws Exception {
        server = LivekitServerStandIn.on(bus, "");
    }

    @AfterEach
    void stop() {
        server.close();
        bus.close();
    }

    private RpcServer worker(String name, float affinity, List<String> started) {
        RpcServer rpc = new RpcServer(bus);
        try {
            rpc.register(MethodSpec.START_EGRESS, "", EgressRpc.StartEgressRequest.parser(), (request, incoming) -> {
                started.add(name);
                return EgressInfo.newBuilder().setEgressId(request.getEgressId()).setDetails(name)
                        .setStatus(EgressStatus.EGRESS_STARTING).build();
            }, request -> affinity);
        } catch (RpcException e) {
            throw new IllegalStateException(e);
        }
        return rpc;
    }

    private static EgressRpc.StartEgressRequest webRequest() {
        return EgressRpc.StartEgressRequest.newBuilder()
                .setWeb(WebEgressRequest.newBuilder().setUrl("https://example.org/")).build();
    }

    @Test
    void theHighestBidderTakesEachRequestExactlyOnce() throws Exception {
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RpcServer idle = worker("idle", 0.5f, started); RpcServer busy = worker("busy", 1f, started)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("busy", server.startEgress(webRequest()).getDetails());
            }
            Thread.sleep(300); // a loser that handled one anyway would show up now
            assertEquals(List.of("busy", "busy", "busy"), started);
        }
    }

    @Test
    void withoutABidTheCallerHearsUnavailable() throws Exception {
        try (RpcServer declining = worker("declining", -1f, new java.util.ArrayList<>())) {
            RpcException e = assertThrows(RpcException.class, () -> server.startEgress(webRequest()));
            assertEquals(RpcCode.UNAVAILABLE, e.code());
        }
    }

    @Test
    void aQueueMethodOnATopicIsHandledOnceAndAMultiCallHearsEveryone() throws Exception {
        String egressId = Ids.withPrefix("EG_");
        AtomicInteger handled = new AtomicInteger();
        try (RpcServer one = new RpcServer(bus); RpcServer two = new RpcServer(bus)) {
            for (RpcServer rpc : List.of(one, two)) {
                rpc.register(MethodSpec.STOP_EGRESS, egressId, StopEgressRequest.parser(), (request, incoming) -> {
                    handled.incrementAndGet();
                    return EgressInfo.newBuilder().setEgressId(request.getEgressId()).build();
                });
                String id = rpc == one ? "EG_one" : "EG_two";
                rpc.register(MethodSpec.LIST_ACTIVE_EGRESS, "", EgressRpc.ListActiveEgressRequest.parser(),
                        (request, incoming) -> EgressRpc.ListActiveEgressResponse.newBuilder().addEgressIds(id)
                                .build());
            }
            assertEquals(egressId, server.stopEgress(egressId).getEgressId());
            Thread.sleep(300);
            assertEquals(1, handled.get());
            assertEquals(List.of("EG_one", "EG_two"), server.listActiveEgress());
        }
    }
}
