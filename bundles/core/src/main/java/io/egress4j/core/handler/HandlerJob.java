package io.egress4j.core.handler;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.metrics.MetricSample;
import io.egress4j.core.metrics.MetricsCodec;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.UpdateStreamRequest;

/**
 * The worker's side of one egress running in a handler process ({@link HandlerHost}): hands the request to a slot
 * of the process, relays its EgressInfo updates, forwards stop and kill requests, and reports a crash when the
 * process dies without a final status. A native crash or a leak in one process therefore never takes down the
 * worker, nor the egresses of other processes.
 */
public final class HandlerJob {

    /** After a stop, the handler drains for up to 30 s; past this it is killed and the egress marked frozen. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    /** Removing a URL flushes its stream first (a couple of seconds at most). */
    private static final Duration STREAM_UPDATE_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(HandlerJob.class.getName());

    /** What the worker hears from a handler. Called on the egress's reader thread. */
    public interface Listener {
        void updated(EgressInfo info);

        /** The handler's terminal EgressInfo: the egress is over. */
        void finished(EgressInfo info);

        /** The handler's metrics now. */
        void metrics(String egressId, List<MetricSample> samples);

        /** Another recorder took the egress's identity: it is over, with no terminal status to report. */
        void replaced(String egressId);

        /** The handler died, or gave the egress up, without a terminal status. */
        void crashed(String egressId, String error);
    }

    private final String egressId;
    private final HandlerHost host;
    private final IpcChannel channel;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set when a shared handler kept the egress past its stop grace: the egress is given up, the process kept. */
    private volatile String givenUp;
    /** The UpdateStream waiting for the handler's answer, if any. */
    private final AtomicReference<CompletableFuture<IpcMessage>> streamUpdate = new AtomicReference<>();

    private HandlerJob(String egressId, HandlerHost host, IpcChannel channel) {
        this.egressId = egressId;
        this.host = host;
        this.channel = channel;
    }

    /**
     * Runs {@code egressId} in a free slot of {@code host}.
     *
     * @param request  the serialized StartEgressRequest, secrets included
     * @param starting the serialized STARTING EgressInfo the worker reported (redacted)
     */
    static HandlerJob run(String egressId, byte[] request, byte[] starting, HandlerHost host, IpcChannel slot,
                          Listener listener) throws IOException {
        host.assigned(egressId);
        // Over the socket, never in the environment: children of the handler must not inherit the secrets.
        slot.send(new IpcMessage(IpcMessage.Type.REQUEST, request));
        slot.send(new IpcMessage(IpcMessage.Type.STARTING, starting));
        HandlerJob job = new HandlerJob(egressId, host, slot);
        job.listen(listener);
        return job;
    }

    private void listen(Listener listener) {
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    IpcMessage message = channel.receive();
                    switch (message.type()) {
                        case FINISHED -> {
                            finished.set(true);
                            listener.finished(EgressInfo.parseFrom(message.payload()));
                        }
                        case REPLACED -> {
                            finished.set(true);
                            listener.replaced(egressId);
                        }
                        case INFO -> listener.updated(EgressInfo.parseFrom(message.payload()));
                        case METRICS -> listener.metrics(egressId, MetricsCodec.decode(message.payload()));
                        case STREAM_UPDATED, STREAM_UPDATE_FAILED -> {
                            CompletableFuture<IpcMessage> waiting = streamUpdate.getAndSet(null);
                            if (waiting != null) {
                                waiting.complete(message);
                            }
                        }
                        default -> LOG.log(Level.WARNING, "[{0}] unexpected {1} from the handler", egressId,
                                message.type());
                    }
                }
            } catch (EOFException e) {
                // the handler closed its end: the egress ended, or the process exited
            } catch (IOException e) {
                if (givenUp == null) {
                    LOG.log(Level.WARNING, "[{0}] handler IPC broke: {1}", egressId, e.getMessage());
                }
            }
            channel.close();
            if (!finished.get()) {
                listener.crashed(egressId, givenUp != null ? givenUp : errorAfterExit());
            }
            host.jobEnded();
        }, "handler-ipc-" + egressId);
        reader.setDaemon(true);
        reader.start();
    }

    /** Why the egress ended without a status: how its process died, and where its recording is. */
    private String errorAfterExit() {
        if (host.capacity() == 1) {
            host.awaitExit();
        } else if (!host.awaitExitQuietly()) {
            return "the egress handler " + host.pid() + " dropped the egress without a final status";
        }
        return host.crashError(egressId);
    }

    /** Asks the handler to stop and finalise; kills it if it has not finished in time ("pipeline frozen"). */
    public void stop(String reason) {
        send(IpcMessage.text(IpcMessage.Type.STOP, reason));
    }

    /**
     * Forwards UpdateStream to the handler and waits for its answer. One update at a time per egress.
     *
     * @return the EgressInfo after the change
     * @throws EgressException the handler's error (e.g. INVALID_ARGUMENT for a bad URL), or UNAVAILABLE when it
     *                         does not answer
     */
    public synchronized EgressInfo updateStream(UpdateStreamRequest request) throws EgressException {
        CompletableFuture<IpcMessage> answer = new CompletableFuture<>();
        streamUpdate.set(answer);
        try {
            channel.send(new IpcMessage(IpcMessage.Type.UPDATE_STREAM, request.toByteArray()));
            IpcMessage reply = answer.get(STREAM_UPDATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.type() == IpcMessage.Type.STREAM_UPDATED) {
                return EgressInfo.parseFrom(reply.payload());
            }
            String[] failure = reply.text().split(":", 2);
            throw new EgressException(Code.valueOf(failure[0]), failure.length > 1 ? failure[1] : "");
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new EgressException(Code.UNAVAILABLE, "the egress handler did not answer UpdateStream");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.UNAVAILABLE, "interrupted");
        } finally {
            streamUpdate.compareAndSet(answer, null);
        }
    }

    /** Asks the handler to finalise what it recorded and end FAILED with {@code error}. */
    public void kill(String error) {
        send(IpcMessage.text(IpcMessage.Type.KILL, error));
    }

    private void send(IpcMessage message) {
        try {
            channel.send(message);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "[{0}] handler did not take {1}: {2}", egressId, message.type(), e.getMessage());
        }
        CompletableFuture.delayedExecutor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (host.isAlive() && !finished.get()) {
                LOG.log(Level.WARNING, "[{0}] handler did not finish within {1} s of {2}", egressId,
                        STOP_GRACE.toSeconds(), message.type());
                giveUp();
            }
        });
    }

    /**
     * Ends an egress its handler does not finish: its own process is killed; in a shared one, the other egresses go
     * on, the egress is reported failed and the process takes no more.
     */
    private void giveUp() {
        if (host.capacity() == 1) {
            host.kill();
            return;
        }
        host.retire();
        givenUp = "pipeline frozen: the egress did not finish within " + STOP_GRACE.toSeconds() + " s of its stop"
                + host.recordingsKept(egressId);
        channel.close();
    }

    public boolean isAlive() {
        return host.isAlive();
    }

    /** The handler process running it, with the share of that process's CPU and memory it is charged for. */
    public long pid() {
        return host.pid();
    }

    /** This egress's share of its process: 1 alone, else split evenly with the egresses running beside it. */
    public double processShare() {
        return 1.0 / Math.max(1, host.runningJobs());
    }
}
