package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import java.time.Duration;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.StopEgressRequest;
import org.junit.jupiter.api.Test;

/** The bus survives a Redis restart: it reconnects and subscribes its channels again. */
class RedisRestartTest {

    @Test
    void serverAndClientResubscribeAfterRestart() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             LivekitServerStandIn server = LivekitServerStandIn.start(redis.settings());
             RedisBus bus = RedisBus.connect(redis.settings());
             RpcServer worker = new RpcServer(bus)) {
            worker.register(MethodSpec.STOP_EGRESS, "EG_r", StopEgressRequest.parser(),
                    (request, info) -> EgressInfo.newBuilder().setEgressId("EG_r").setDetails(worker.id()).build());
            assertEquals("EG_r", server.stopEgress("EG_r").getEgressId());

            redis.stop();
            awaitNotReady(bus);
            awaitNotReady(server.bus());
            RpcException down = assertThrows(RpcException.class, () -> server.stopEgress("EG_r"));
            assertEquals(RpcCode.INTERNAL, down.code(), down.toString()); // the publish is refused at once

            redis.restart();
            assertTrue(bus.awaitReady(Duration.ofSeconds(10)), "worker bus did not come back");
            assertTrue(server.bus().awaitReady(Duration.ofSeconds(10)), "stand-in bus did not come back");
            // a fresh redis-server knows no subscriptions: both sides must have subscribed again
            assertEquals("EG_r", server.stopEgress("EG_r").getEgressId());

            // and once more after a hard kill
            redis.kill();
            redis.restart();
            assertTrue(bus.awaitReady(Duration.ofSeconds(10)));
            assertTrue(server.bus().awaitReady(Duration.ofSeconds(10)));
            assertEquals(worker.id(), server.stopEgress("EG_r").getDetails());
        }
    }

    private static void awaitNotReady(MessageBus bus) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bus.isReady()) {
            assertTrue(System.nanoTime() < end, "the bus did not notice that Redis is gone");
            Thread.sleep(10);
        }
        assertFalse(bus.isReady());
    }

    @Test
    void channelsSubscribedWhileConnectedStayAfterRestart() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBus bus = RedisBus.connect(redis.settings());
             RedisBus publisher = RedisBus.connect(redis.settings())) {
            java.util.concurrent.BlockingQueue<byte[]> got = new java.util.concurrent.LinkedBlockingQueue<>();
            bus.subscribe("some|channel", got::add);
            redis.restart();
            assertTrue(bus.awaitReady(Duration.ofSeconds(10)));
            assertTrue(publisher.awaitReady(Duration.ofSeconds(10)));
            publisher.publishAndWait("some|channel", new byte[] {1, 2, 3});
            assertEquals(3, got.poll(2, java.util.concurrent.TimeUnit.SECONDS).length);
        }
    }
}
