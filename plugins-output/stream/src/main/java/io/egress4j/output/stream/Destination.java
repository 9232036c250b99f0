package io.egress4j.output.stream;

import io.egress4j.api.BranchControls;
import io.egress4j.api.EgressException;
import io.egress4j.api.Relay;
import io.egress4j.api.StreamState;
import io.egress4j.api.StreamState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One URL of a stream output and its relay. A URL that never connects fails at once (a wrong host or stream key
 * will not fix itself); one whose peer goes away is reconnected until the reconnect window closes; one that sends
 * nothing for the stall timeout is failed as wedged.
 */
final class Destination {

    private static final long MAX_RETRY_PAUSE_MILLIS = 5_000;

    private final String url;
    private final String sink;
    private final BranchControls controls;
    private final LiveStreamBranch.Timing timing;
    private final Executor connections;

    private Status status = Status.ACTIVE;
    private Instant startedAt;
    private Instant endedAt;
    private String error;
    private int retries;
    private Instant lastRetryAt;
    private Relay relay;
    private long lastBytes;
    private Instant lastProgressAt;

    Destination(String url, String sink, BranchControls controls, LiveStreamBranch.Timing timing,
                Executor connections) {
        this.url = url;
        this.sink = sink;
        this.controls = controls;
        this.timing = timing;
        this.connections = connections;
    }

    String url() {
        return url;
    }

    synchronized StreamState state() {
        return new StreamState(url, status, startedAt, endedAt, error, retries, lastRetryAt);
    }

    void start() {
        submit(this::connectFirstTime);
    }

    /** Removed by the user or the egress ended: flush what is queued and finish. */
    void stop() {
        Relay running;
        synchronized (this) {
            if (status != Status.ACTIVE) {
                return;
            }
            status = Status.FINISHED;
            endedAt = Instant.now();
            running = relay;
            relay = null;
        }
        if (running != null) {
            running.finish(timing.finishTimeout());
        }
        controls.resultsChanged();
    }

    /** Called by the liveness check: fails a destination whose byte count has not grown for the stall timeout. */
    void checkProgress(Instant now) {
        Relay running;
        synchronized (this) {
            if (status != Status.ACTIVE || relay == null) {
                return;
            }
            long sent = relay.bytesSent();
            if (sent > lastBytes) {
                lastBytes = sent;
                lastProgressAt = now;
                return;
            }
            if (Duration.between(lastProgressAt, now).compareTo(timing.stallTimeout()) < 0) {
                return;
            }
            running = relay;
        }
        fail("stream wedged: nothing sent for " + timing.stallTimeout().toSeconds() + " s");
        running.close();
    }

    private void connectFirstTime() {
        try {
            Relay connected = controls.relay(sink, this::peerLost);
            if (!connected(connected)) {
                return;
            }
        } catch (EgressException e) {
            fail(e.getMessage());
            return;
        }
        controls.resultsChanged();
    }

    /** Records a new relay; false (and the relay closed) when the destination ended meanwhile. */
    private boolean connected(Relay connected) {
        synchronized (this) {
            if (status == Status.ACTIVE) {
                relay = connected;
                lastBytes = 0;
                lastProgressAt = Instant.now();
                if (startedAt == null) {
                    startedAt = lastProgressAt;
                }
                return true;
            }
        }
        connected.close();
        return false;
    }

    /** The relay reported a failure (on a GStreamer thread): reconnect from a thread of our own. */
    private void peerLost(String cause) {
        synchronized (this) {
            if (status != Status.ACTIVE) {
                return;
            }
            relay = null;
        }
        submit(() -> reconnect(cause));
    }

    private void reconnect(String cause) {
        Instant lostAt = Instant.now();
        String lastError = cause;
        long pause = 500;
        while (Duration.between(lostAt, Instant.now()).compareTo(timing.reconnectWindow()) < 0) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return; // the egress is ending
            }
            pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MILLIS);
            synchronized (this) {
                if (status != Status.ACTIVE) {
                    return;
                }
                retries++;
                lastRetryAt = Instant.now();
            }
            controls.resultsChanged();
            try {
                Relay connected = controls.relay(sink, this::peerLost);
                if (connected(connected)) {
                    controls.resultsChanged();
                }
                return;
            } catch (EgressException e) {
                lastError = e.getMessage();
            }
        }
        fail(lastError + " (no reconnection within " + timing.reconnectWindow().toSeconds() + " s)");
    }

    private void fail(String cause) {
        synchronized (this) {
            if (status != Status.ACTIVE) {
                return;
            }
            status = Status.FAILED;
            error = cause;
            endedAt = Instant.now();
            relay = null;
        }
        controls.resultsChanged();
    }

    private void submit(Runnable task) {
        try {
            connections.execute(task);
        } catch (RejectedExecutionException egressEnded) {
            // finish() already stopped every destination
        }
    }
}
