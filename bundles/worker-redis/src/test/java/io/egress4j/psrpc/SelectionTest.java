package io.egress4j.psrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.egress4j.protocol.psrpc.Psrpc;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's choice among bids (wire reference A7), without Redis. */
class SelectionTest {

    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    private static Psrpc.ClaimRequest bid(String server, float affinity) {
        return Psrpc.ClaimRequest.newBuilder().setRequestId("REQ_t").setServerId(server).setAffinity(affinity).build();
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void maximumAffinityWinsAtOnce() throws Exception {
        inbox.add(bid("SRV_half", 0.5f));
        inbox.add(bid("SRV_one", 1f));
        long start = System.nanoTime();
        assertEquals("SRV_one", RpcClient.selectServer(inbox, Selection.LIVEKIT_START_EGRESS, in(Duration.ofSeconds(10))));
        assertTrue(System.nanoTime() - start < Duration.ofMillis(200).toNanos());
    }

    @Test
    void highestBidAfterTheShortCircuit() throws Exception {
        inbox.add(bid("SRV_a", 0.3f));
        later.schedule(() -> inbox.add(bid("SRV_b", 0.7f)), 100, TimeUnit.MILLISECONDS);
        later.schedule(() -> inbox.add(bid("SRV_c", 0.9f)), 800, TimeUnit.MILLISECONDS); // after the 500 ms window
        long start = System.nanoTime();
        assertEquals("SRV_b", RpcClient.selectServer(inbox, Selection.LIVEKIT_START_EGRESS, in(Duration.ofSeconds(10))));
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(450).toNanos() && took < Duration.ofMillis(750).toNanos(), "took " + took);
    }

    @Test
    void firstOfEqualBidsWins() throws Exception {
        inbox.add(bid("SRV_first", 0.5f));
        inbox.add(bid("SRV_second", 0.5f));
        assertEquals("SRV_first", RpcClient.selectServer(inbox, Selection.LIVEKIT_START_EGRESS, in(Duration.ofSeconds(10))));
    }

    @Test
    void firstAvailable() throws Exception {
        inbox.add(bid("SRV_low", 0.1f));
        inbox.add(bid("SRV_high", 1f));
        assertEquals("SRV_low", RpcClient.selectServer(inbox, Selection.FIRST_AVAILABLE, in(Duration.ofSeconds(3))));
    }

    @Test
    void noBidIsNoResponseAfterTheWindow() {
        long start = System.nanoTime();
        RpcException e = assertThrows(RpcException.class,
                () -> RpcClient.selectServer(inbox, Selection.LIVEKIT_START_EGRESS, in(Duration.ofSeconds(10))));
        assertEquals(RpcCode.UNAVAILABLE, e.code());
        assertEquals("no response from servers", e.getMessage());
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(950).toNanos() && took < Duration.ofMillis(1500).toNanos(), "took " + took);
    }

    @Test
    void zeroBidsAreCountedButNeverChosen() {
        inbox.add(bid("SRV_zero", 0f));
        RpcException e = assertThrows(RpcException.class,
                () -> RpcClient.selectServer(inbox, Selection.LIVEKIT_START_EGRESS, in(Duration.ofSeconds(10))));
        assertEquals("no servers available (received 1 responses)", e.getMessage());
    }

    @Test
    void minimumAffinityFiltersBids() {
        inbox.add(bid("SRV_low", 0.2f));
        Selection picky = new Selection(0.5f, 0, true, Duration.ofMillis(200), Duration.ZERO);
        RpcException e = assertThrows(RpcException.class,
                () -> RpcClient.selectServer(inbox, picky, in(Duration.ofSeconds(3))));
        assertEquals(RpcCode.UNAVAILABLE, e.code());
    }

    @Test
    void anEarlyErrorResponseIsReportedWhenNobodyBids() {
        inbox.add(Psrpc.Response.newBuilder().setRequestId("REQ_t").setServerId("SRV_x")
                .setCode(RpcCode.MALFORMED_REQUEST).setError("cannot parse").build());
        RpcException e = assertThrows(RpcException.class,
                () -> RpcClient.selectServer(inbox, Selection.firstAvailable(Duration.ofMillis(200)),
                        in(Duration.ofSeconds(3))));
        assertEquals(RpcCode.MALFORMED_REQUEST, e.code());
        assertEquals("cannot parse", e.getMessage());
    }

    @Test
    void windowNeverOutlastsTheRequest() {
        long start = System.nanoTime();
        assertThrows(RpcException.class, () -> RpcClient.selectServer(inbox, Selection.firstAvailable(Duration.ZERO),
                in(Duration.ofMillis(300))));
        assertTrue(System.nanoTime() - start < Duration.ofMillis(800).toNanos());
    }
}
