package io.egress4j.output.stream;

import io.egress4j.api.BranchControls;
import io.egress4j.api.EgressException;
import io.egress4j.api.StreamBranch;
import io.egress4j.api.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream output: the muxed stream goes to an appsink the core taps, and each URL is a {@link Destination} with
 * a relay of its own. URLs come and go while the egress runs; a failing one is dropped alone.
 */
final class LiveStreamBranch implements StreamBranch {

    /**
     * @param reconnectWindow how long after losing its peer a destination keeps reconnecting
     * @param stallTimeout    how long a destination may send nothing before it counts as wedged
     * @param stallCheck      how often that is checked
     * @param finishTimeout   how long a destination may take to flush at the end
     */
    record Timing(Duration reconnectWindow, Duration stallTimeout, Duration stallCheck, Duration finishTimeout) {
        /** Upstream's values: a 30 s reconnect window, a liveness check every 5 s that fails 30 s of silence. */
        static final Timing UPSTREAM = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final StreamProtocol protocol;
    private final Timing timing;
    private final List<Destination> destinations = new CopyOnWriteArrayList<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> daemon(runnable,
            "stream-connect-" + THREADS.incrementAndGet()));
    private final ScheduledExecutorService stallChecks = Executors.newSingleThreadScheduledExecutor(runnable ->
            daemon(runnable, "stream-liveness-" + THREADS.incrementAndGet()));
    private final List<String> initialUrls;
    private volatile BranchControls controls;

    LiveStreamBranch(StreamProtocol protocol, List<String> urls, Timing timing) {
        this.protocol = protocol;
        this.timing = timing;
        this.initialUrls = List.copyOf(urls);
    }

    @Override
    public String elements(String entryName) {
        // The appsink keeps nothing back: the tap copies every buffer to the relays as it arrives.
        return protocol.muxer(entryName) + " ! appsink name=" + entryName + "_tap sync=false async=false";
    }

    @Override
    public String padFor(String mediaKind) {
        return protocol.padFor(mediaKind);
    }

    @Override
    public synchronized void attached(BranchControls controls) {
        this.controls = controls;
        for (String url : initialUrls) {
            start(url);
        }
        long checkMillis = timing.stallCheck().toMillis();
        stallChecks.scheduleAtFixedRate(() -> destinations.forEach(d -> d.checkProgress(Instant.now())),
                checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void add(String url) throws EgressException {
        if (destinations.stream().anyMatch(d -> d.url().equals(url) && !d.state().ended())) {
            throw EgressException.invalidField("stream url (already streaming to it)");
        }
        if (controls == null) {
            throw new EgressException(EgressException.Code.UNAVAILABLE, "the stream output has not started yet");
        }
        start(url);
    }

    @Override
    public synchronized void remove(String url) throws EgressException {
        Destination destination = destinations.stream().filter(d -> d.url().equals(url) && !d.state().ended())
                .findFirst().orElseThrow(() -> EgressException.invalidField("stream url (not streaming to it)"));
        destination.stop();
    }

    @Override
    public List<StreamState> streams() {
        List<StreamState> states = new ArrayList<>();
        destinations.forEach(d -> states.add(d.state()));
        return states;
    }

    /** The egress drained: every destination still running flushes and ends as FINISHED. */
    @Override
    public void finish() {
        stallChecks.shutdownNow();
        destinations.forEach(Destination::stop);
        connections.shutdownNow();
    }

    private void start(String url) {
        Destination destination = new Destination(url, protocol.sink(url), controls, timing, connections);
        destinations.add(destination);
        destination.start();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
