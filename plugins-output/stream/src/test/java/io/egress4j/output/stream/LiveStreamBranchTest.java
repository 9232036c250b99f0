package io.egress4j.output.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.BranchControls;
import io.egress4j.api.EgressException;
import io.egress4j.api.Relay;
import io.egress4j.api.StreamState;
import io.egress4j.api.StreamState.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-URL rules, with a scripted stand-in for the core's relays (the real relays and a real RTMP server are
 * exercised by the media bundle's RelayTest and the StreamTest integration test; here the timing is what counts).
 */
class LiveStreamBranchTest {

    private static final LiveStreamBranch.Timing FAST = new LiveStreamBranch.Timing(Duration.ofMillis(1500),
            Duration.ofMillis(600), Duration.ofMillis(100), Duration.ofMillis(100));

    private final ScriptedControls controls = new ScriptedControls();
    private LiveStreamBranch branch;

    @AfterEach
    void finish() {
        if (branch != null) {
            branch.finish();
        }
    }

    @Test
    void muxesPerProtocolIntoTheTappedAppsink() {
        assertTrue(new LiveStreamBranch(StreamProtocol.RTMP, List.of(), FAST).elements("output_2")
                .matches("flvmux name=output_2 .* ! appsink name=output_2_tap .*"));
        assertTrue(new LiveStreamBranch(StreamProtocol.SRT, List.of(), FAST).elements("output_0")
                .startsWith("mpegtsmux name=output_0 alignment=7"));
        assertEquals("rtmp2sink async-connect=false location=\"rtmp://h/app/key\"",
                StreamProtocol.RTMP.sink("rtmp://h/app/key"));
    }

    @Test
    void aUrlThatNeverConnectsFailsAtOnceAndTheOthersRun() throws Exception {
        controls.refuse("rtmp://bad/app/key", "Connection refused");
        branch = started("rtmp://good/app/key", "rtmp://bad/app/key");
        StreamState bad = await("rtmp://bad/app/key", s -> s.status() == Status.FAILED);
        assertEquals("Connection refused", bad.error());
        assertEquals(0, bad.retries());
        StreamState good = await("rtmp://good/app/key", s -> s.startedAt() != null);
        assertEquals(Status.ACTIVE, good.status());
    }

    @Test
    void aLostPeerIsReconnectedWithinTheWindow() throws Exception {
        branch = started("rtmp://h/app/key");
        await("rtmp://h/app/key", s -> s.startedAt() != null);
        controls.refuse("rtmp://h/app/key", "Connection refused");
        controls.relays.get("rtmp://h/app/key").listener.failed("Connection reset");
        await("rtmp://h/app/key", s -> s.retries() >= 1);
        controls.accept("rtmp://h/app/key");
        StreamState back = await("rtmp://h/app/key", s -> controls.relays.get("rtmp://h/app/key").opened == 2);
        assertEquals(Status.ACTIVE, back.status());
        assertNotNull(back.lastRetryAt());
    }

    @Test
    void aPeerThatStaysAwayFailsWhenTheWindowCloses() throws Exception {
        branch = started("rtmp://h/app/key");
        await("rtmp://h/app/key", s -> s.startedAt() != null);
        controls.refuse("rtmp://h/app/key", "Connection refused");
        controls.relays.get("rtmp://h/app/key").listener.failed("Connection reset");
        StreamState failed = await("rtmp://h/app/key", s -> s.status() == Status.FAILED);
        assertTrue(failed.error().startsWith("Connection refused (no reconnection within"), failed.error());
        assertTrue(failed.retries() >= 1);
    }

    @Test
    void aDestinationThatSendsNothingIsWedged() throws Exception {
        branch = started("srt://h:1");
        controls.stall("srt://h:1");
        StreamState wedged = await("srt://h:1", s -> s.status() == Status.FAILED);
        assertTrue(wedged.error().startsWith("stream wedged"), wedged.error());
        assertTrue(controls.relays.get("srt://h:1").closed);
    }

    @Test
    void urlsAreAddedAndRemovedLive() throws Exception {
        branch = started("rtmp://h/app/one");
        branch.add("rtmp://h/app/two");
        await("rtmp://h/app/two", s -> s.startedAt() != null);
        assertThrows(EgressException.class, () -> branch.add("rtmp://h/app/two"));
        branch.remove("rtmp://h/app/one");
        StreamState removed = await("rtmp://h/app/one", s -> s.status() == Status.FINISHED);
        assertNotNull(removed.endedAt());
        assertNull(removed.error());
        assertTrue(controls.relays.get("rtmp://h/app/one").finished);
        assertThrows(EgressException.class, () -> branch.remove("rtmp://h/app/one"));
        branch.finish();
        assertEquals(Status.FINISHED, state("rtmp://h/app/two").status());
    }

    private LiveStreamBranch started(String... urls) {
        LiveStreamBranch started = new LiveStreamBranch(StreamProtocol.RTMP, List.of(urls), FAST);
        started.attached(controls);
        return started;
    }

    private StreamState await(String url, Predicate<StreamState> condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            StreamState state = state(url);
            if (state != null && condition.test(state)) {
                return state;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("condition not met for " + url + ": " + state(url));
    }

    private StreamState state(String url) {
        return branch.streams().stream().filter(s -> s.url().equals(url)).findFirst().orElse(null);
    }

    /** Relays whose outcome the test decides: accepted (sending), refused, or stalled. */
    private static final class ScriptedControls implements BranchControls {

        final Map<String, FakeRelay> relays = new ConcurrentHashMap<>();
        private final Map<String, String> refusals = new ConcurrentHashMap<>();
        private final Map<String, Boolean> stalled = new ConcurrentHashMap<>();

        void refuse(String url, String error) {
            refusals.put(url, error);
        }

        void accept(String url) {
            refusals.remove(url);
        }

        void stall(String url) {
            stalled.put(url, true);
        }

        @Override
        public Relay relay(String sinkElement, Relay.Listener listener) throws EgressException {
            String url = sinkElement.replaceAll(".*(?:location|uri)=\"([^\"]*)\".*", "$1");
            String refusal = refusals.get(url);
            if (refusal != null) {
                throw new EgressException(EgressException.Code.UNAVAILABLE, refusal);
            }
            FakeRelay relay = relays.computeIfAbsent(url, u -> new FakeRelay(() -> !stalled.containsKey(u)));
            relay.listener = listener;
            relay.opened++;
            return relay;
        }

        @Override
        public void resultsChanged() {
        }
    }

    private static final class FakeRelay implements Relay {

        private final BooleanSupplier sending;
        volatile Relay.Listener listener;
        volatile int opened;
        volatile boolean finished;
        volatile boolean closed;
        private long bytes;

        FakeRelay(BooleanSupplier sending) {
            this.sending = sending;
        }

        @Override
        public synchronized long bytesSent() {
            if (sending.getAsBoolean()) {
                bytes += 1000;
            }
            return bytes;
        }

        @Override
        public void finish(Duration timeout) {
            finished = true;
            close();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
