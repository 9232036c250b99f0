package io.egress4j.room;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Warns about a subscribed stream whose RTCP sender reports do not arrive: a receiver that renders its streams in
 * sync aligns them on those reports, and without them can only time the stream by its arrival. The stream is still
 * recorded; the warning says why its sync with the others is not guaranteed. Checked once per stream.
 */
final class SenderReports {

    private static final System.Logger LOG = System.getLogger(SenderReports.class.getName());

    /** Senders report every few seconds at most (RFC 3550 minimum interval 5 s, most send one a second). */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Duration wait;
    private final Consumer<String> warn;
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param name who receives, for the warning (the egress ID) */
    SenderReports(String name, Duration wait, Consumer<String> warn) {
        this.name = name;
        this.wait = wait;
        this.warn = warn;
    }

    /** A report from {@code ssrc} arrived. */
    void reported(long ssrc) {
        if (reported.add(ssrc)) {
            LOG.log(Level.DEBUG, "{0}: first RTCP report from SSRC {1}", name, Long.toString(ssrc));
        }
    }

    /** {@code trackSid}'s stream, {@code ssrc}, is being received: it should report within the wait. */
    void expect(long ssrc, String trackSid) {
        LOG.log(Level.DEBUG, "{0}: track {1} arrives as SSRC {2}", name, trackSid, Long.toString(ssrc));
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!closed && !reported.contains(ssrc)) {
                warn.accept(name + ": track " + trackSid + " (SSRC " + ssrc + ") has sent no RTCP sender report in "
                        + wait.toSeconds() + " s; it is recorded timed by its arrival, so its sync with the other"
                        + " tracks is not guaranteed");
            }
        });
    }

    /** No more warnings: the session is over. */
    void close() {
        closed = true;
    }
}
