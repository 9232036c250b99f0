package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import io.egress4j.protocol.psrpc.Psrpc;
import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.psrpc.CallOptions;
import io.egress4j.psrpc.Channels;
import io.egress4j.psrpc.Ids;
import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RedisSettings;
import io.egress4j.psrpc.RpcClient;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** psrpc between the livekit-server stand-in and worker-like RpcServers over a real redis-server. */
class PsrpcOverRedisTest {

    private static RedisServerProcess redis;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LivekitServerStandIn server;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void startStandIn() throws Exception {
        server = LivekitServerStandIn.start(redis.settings());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    /** A worker stand-in: its own bus and RpcServer, answering StartEgress with an EgressInfo naming itself. */
    private final class Worker implements AutoCloseable {
        final String name;
        final RedisBus bus;
        final RpcServer rpc;
        final List<EgressRpc.StartEgressRequest> started = new CopyOnWriteArrayList<>();

        Worker(String name, float affinity) throws Exception {
            this.name = name;
            this.bus = RedisBus.connect(redis.settings());
            this.rpc = new RpcServer(bus);
            rpc.register(MethodSpec.START_EGRESS, "", EgressRpc.StartEgressRequest.parser(), (request, info) -> {
                started.add(request);
                return EgressInfo.newBuilder().setEgressId(request.getEgressId()).setRoomName(request.getRoomName())
                        .setStatus(EgressStatus.EGRESS_STARTING).setDetails(name).build();
            }, request -> affinity);
            closeables.add(this);
        }

        @Override
        public void close() {
            rpc.close();
            bus.close();
        }
    }

    private static EgressRpc.StartEgressRequest webRequest() {
        return EgressRpc.StartEgressRequest.newBuilder()
                .setRoomName("room1")
                .setWeb(WebEgressRequest.newBuilder().setUrl("https://example.org/"))
                .build();
    }

    @Test
    void unaryAffinityCall() throws Exception {
        Worker worker = new Worker("w1", 0.5f);
        EgressInfo info = server.startEgress(webRequest());
        assertEquals("w1", info.getDetails());
        assertTrue(info.getEgressId().startsWith("EG_"), info.getEgressId());
        assertEquals(EgressStatus.EGRESS_STARTING, info.getStatus());
        assertEquals(1, worker.started.size());
        assertEquals("https://example.org/", worker.started.get(0).getWeb().getUrl());
        assertEquals(info.getEgressId(), worker.started.get(0).getEgressId());
        assertEquals(info, server.stored(info.getEgressId()).orElseThrow());
    }

    @Test
    void affinityOneWinsOverHalf() throws Exception {
        Worker idle = new Worker("idle", 0.5f);
        Worker busy = new Worker("busy", 1f);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertEquals("busy", server.startEgress(webRequest()).getDetails());
            // a bid of 1 wins at once: no waiting for the selection window
            assertTrue(System.nanoTime() - start < Duration.ofMillis(450).toNanos());
        }
        assertEquals(0, idle.started.size());
        assertEquals(3, busy.started.size());
    }

    @Test
    void equalBidsAreHandledExactlyOnce() throws Exception {
        Worker a = new Worker("a", 0.5f);
        Worker b = new Worker("b", 0.5f);
        EgressInfo info = server.startEgress(webRequest());
        Thread.sleep(500); // a loser that handled it anyway would show up now
        assertEquals(1, a.started.size() + b.started.size());
        assertEquals(info.getDetails(), a.started.isEmpty() ? "b" : "a");
    }

    @Test
    void nobodyBids() throws Exception {
        Worker declining = new Worker("declining", -1f);
        long start = System.nanoTime();
        RpcException e = assertThrows(RpcException.class, () -> server.startEgress(webRequest()));
        assertEquals(RpcCode.UNAVAILABLE, e.code());
        assertEquals("no response from servers", e.getMessage());
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(950).toNanos() && took < Duration.ofSeconds(3).toNanos(), "took " + took);
        assertTrue(declining.started.isEmpty());
    }

    @Test
    void handlerErrorsKeepTheirCode() throws Exception {
        RedisBus bus = RedisBus.connect(redis.settings());
        closeables.add(bus);
        RpcServer rpc = new RpcServer(bus);
        closeables.add(rpc);
        rpc.register(MethodSpec.START_EGRESS, "", EgressRpc.StartEgressRequest.parser(), (request, info) -> {
            throw new RpcException(RpcCode.ALREADY_EXISTS, "egress already exists");
        });
        RpcException e = assertThrows(RpcException.class, () -> server.startEgress(webRequest()));
        assertEquals(RpcCode.ALREADY_EXISTS, e.code());
        assertEquals("egress already exists", e.getMessage());
    }

    @Test
    void multiCallGathersEveryWorker() throws Exception {
        for (String id : List.of("EG_one", "EG_two")) {
            RedisBus bus = RedisBus.connect(redis.settings());
            closeables.add(bus);
            RpcServer rpc = new RpcServer(bus);
            closeables.add(rpc);
            rpc.register(MethodSpec.LIST_ACTIVE_EGRESS, "", EgressRpc.ListActiveEgressRequest.parser(),
                    (request, info) -> EgressRpc.ListActiveEgressResponse.newBuilder().addEgressIds(id).build());
        }
        assertEquals(List.of("EG_one", "EG_two"), server.listActiveEgress());
        assertEquals(2, server.listActiveEgress(Duration.ofMillis(500)).size());
    }

    @Test
    void queueMethodIsHandledOnceAmongSubscribers() throws Exception {
        String egressId = Ids.withPrefix("EG_");
        AtomicInteger handled = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            RedisBus bus = RedisBus.connect(redis.settings());
            closeables.add(bus);
            RpcServer rpc = new RpcServer(bus);
            closeables.add(rpc);
            rpc.register(MethodSpec.STOP_EGRESS, egressId, StopEgressRequest.parser(), (request, info) -> {
                handled.incrementAndGet();
                return EgressInfo.newBuilder().setEgressId(request.getEgressId())
                        .setStatus(EgressStatus.EGRESS_ENDING).build();
            });
        }
        for (int i = 0; i < 3; i++) {
            EgressInfo info = server.stopEgress(egressId);
            assertEquals(EgressStatus.EGRESS_ENDING, info.getStatus());
            assertEquals(egressId, info.getEgressId());
        }
        Thread.sleep(300);
        assertEquals(3, handled.get());
    }

    @Test
    void unregisteredTopicHasNoServer() throws Exception {
        RedisBus bus = RedisBus.connect(redis.settings());
        closeables.add(bus);
        RpcServer rpc = new RpcServer(bus);
        closeables.add(rpc);
        rpc.register(MethodSpec.STOP_EGRESS, "EG_gone", StopEgressRequest.parser(),
                (request, info) -> EgressInfo.newBuilder().setEgressId("EG_gone").build());
        assertEquals("EG_gone", server.stopEgress("EG_gone").getEgressId());
        assertTrue(rpc.unregister(MethodSpec.STOP_EGRESS, "EG_gone"));
        RpcException e = assertThrows(RpcException.class, () -> server.stopEgress("EG_gone"));
        assertEquals("no response from servers", e.getMessage());
    }

    @Test
    void ioInfoReachesTheStandIn() throws Exception {
        RedisBus bus = RedisBus.connect(redis.settings());
        closeables.add(bus);
        RpcClient io = new RpcClient(bus, "IOInfo");
        closeables.add(io);
        String egressId = Ids.withPrefix("EG_");
        EgressInfo starting = EgressInfo.newBuilder().setEgressId(egressId).setStatus(EgressStatus.EGRESS_STARTING)
                .build();
        io.call(MethodSpec.CREATE_EGRESS, "", starting, Empty.parser());
        for (EgressStatus status : List.of(EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING,
                EgressStatus.EGRESS_COMPLETE)) {
            assertEquals(Empty.getDefaultInstance(), io.call(MethodSpec.UPDATE_EGRESS, "",
                    starting.toBuilder().setStatus(status).build(), Empty.parser()));
        }
        assertEquals(EgressStatus.EGRESS_COMPLETE,
                server.awaitStatus(egressId, EgressStatus.EGRESS_COMPLETE, Duration.ofSeconds(2)).getStatus());
        assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING,
                EgressStatus.EGRESS_COMPLETE), server.statuses(egressId));
        assertEquals(EgressStatus.EGRESS_COMPLETE, server.stored(egressId).orElseThrow().getStatus());
        assertThrows(AssertionError.class,
                () -> server.awaitStatus(egressId, EgressStatus.EGRESS_FAILED, Duration.ofMillis(100)));

        server.setIoResponding(false);
        RpcException e = assertThrows(RpcException.class, () -> io.call(MethodSpec.UPDATE_EGRESS, "", starting,
                Empty.parser()));
        assertEquals("no response from servers", e.getMessage());
    }

    @Test
    void expiredRequestsAreDropped() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        RedisBus workerBus = RedisBus.connect(redis.settings());
        closeables.add(workerBus);
        RpcServer rpc = new RpcServer(workerBus);
        closeables.add(rpc);
        rpc.register(MethodSpec.START_EGRESS, "", EgressRpc.StartEgressRequest.parser(), (request, info) -> {
            handled.incrementAndGet();
            return EgressInfo.getDefaultInstance();
        });
        // A raw client: listen on its own reply channels, send a request that expired a second ago.
        RedisBus clientBus = RedisBus.connect(redis.settings());
        closeables.add(clientBus);
        String clientId = Ids.clientId();
        BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
        closeables.add(clientBus.subscribe(Channels.claimRequest("EgressInternal", clientId), replies::add));
        closeables.add(clientBus.subscribe(Channels.response("EgressInternal", clientId), replies::add));
        long now = nowNanos();
        clientBus.publishAndWait(Channels.request(MethodSpec.START_EGRESS, ""), envelope(Psrpc.Request.newBuilder()
                .setRequestId(Ids.requestId()).setClientId(clientId)
                .setSentAt(now - 4_000_000_000L).setExpiry(now - 1_000_000_000L)
                .setRawRequest(webRequest().toByteString()).build()));
        assertEquals(null, replies.poll(1, TimeUnit.SECONDS), "no bid, no response for an expired request");
        assertEquals(0, handled.get());

        // the same request, not yet expired, is bid for
        clientBus.publishAndWait(Channels.request(MethodSpec.START_EGRESS, ""), envelope(Psrpc.Request.newBuilder()
                .setRequestId(Ids.requestId()).setClientId(clientId)
                .setSentAt(now).setExpiry(nowNanos() + 3_000_000_000L)
                .setRawRequest(webRequest().toByteString()).build()));
        byte[] bid = replies.poll(2, TimeUnit.SECONDS);
        assertNotNull(bid);
        assertEquals("type.googleapis.com/internal.ClaimRequest", Psrpc.Msg.parseFrom(bid).getTypeUrl());
    }

    @Test
    void malformedPayloadsDoNotDisturbTheServer() throws Exception {
        String egressId = Ids.withPrefix("EG_");
        AtomicInteger handled = new AtomicInteger();
        RedisBus workerBus = RedisBus.connect(redis.settings());
        closeables.add(workerBus);
        RpcServer rpc = new RpcServer(workerBus);
        closeables.add(rpc);
        rpc.register(MethodSpec.STOP_EGRESS, egressId, StopEgressRequest.parser(), (request, info) -> {
            handled.incrementAndGet();
            return EgressInfo.newBuilder().setEgressId(request.getEgressId()).build();
        });

        // 1. bytes that are no psrpc message at all: ignored
        RedisBus raw = RedisBus.connect(redis.settings());
        closeables.add(raw);
        raw.publishAndWait(Channels.request(MethodSpec.STOP_EGRESS, egressId),
                "definitely not protobuf".getBytes(StandardCharsets.US_ASCII));
        raw.publishAndWait(Channels.request(MethodSpec.STOP_EGRESS, egressId), new byte[] {0x0a, (byte) 0xff});

        // 2. a well-formed Request whose argument does not parse (a proto3 string that is not UTF-8):
        //    answered at once with malformed_request, without a claim
        RpcClient client = new RpcClient(raw, "EgressHandler");
        closeables.add(client);
        BytesValue notUtf8 = BytesValue.of(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xfe}));
        RpcException e = assertThrows(RpcException.class,
                () -> client.call(MethodSpec.STOP_EGRESS, egressId, notUtf8, EgressInfo.parser()));
        assertEquals(RpcCode.MALFORMED_REQUEST, e.code());
        assertFalse(e.getMessage().isEmpty());
        assertEquals(0, handled.get());

        // 3. the server still serves
        assertEquals(egressId, server.stopEgress(egressId).getEgressId());
        assertEquals(1, handled.get());
    }

    @Test
    void passwordAndDatabase() throws Exception {
        try (RedisServerProcess secured = RedisServerProcess.start("--requirepass", "s3cret")) {
            RedisSettings settings = RedisSettings.builder().address(secured.address()).password("s3cret").db(2)
                    .build();
            RpcException refused = assertThrows(RpcException.class,
                    () -> RedisBus.connect(RedisSettings.of(secured.address())).close());
            assertEquals(RpcCode.UNAVAILABLE, refused.code());
            try (LivekitServerStandIn securedServer = LivekitServerStandIn.start(settings);
                 RedisBus bus = RedisBus.connect(settings);
                 RpcServer rpc = new RpcServer(bus)) {
                rpc.register(MethodSpec.STOP_EGRESS, "EG_pw", StopEgressRequest.parser(),
                        (request, info) -> EgressInfo.newBuilder().setEgressId("EG_pw").build());
                assertEquals("EG_pw", securedServer.stopEgress("EG_pw").getEgressId());
            }
        }
    }

    static byte[] envelope(Psrpc.Request request) {
        return Psrpc.Msg.newBuilder().setTypeUrl("type.googleapis.com/internal.Request")
                .setValue(request.toByteString()).build().toByteArray();
    }

    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
