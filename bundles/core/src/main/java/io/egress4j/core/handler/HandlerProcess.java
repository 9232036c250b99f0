package io.egress4j.core.handler;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.job.WorkDirs;
import io.egress4j.core.metrics.MetricSample;
import io.egress4j.core.metrics.MetricsCodec;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The worker's side of one handler process: starts it, waits for its ready message, relays its EgressInfo updates,
 * forwards stop and kill requests, and reports a crash when the process dies without a final status. A native crash
 * or a leak in one egress therefore never takes down the worker or the other egresses.
 */
public final class HandlerProcess {

    /** Upstream fails an egress whose handler is not ready within 10 s. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** After a stop, the handler drains for up to 30 s; past this it is killed and the egress marked frozen. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    /** Removing a URL flushes its stream first (a couple of seconds at most). */
    private static final Duration STREAM_UPDATE_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(HandlerProcess.class.getName());

    /** What the worker hears from a handler. Called on the handler's reader thread. */
    public interface Listener {
        void updated(EgressInfo info);

        /** The handler's terminal EgressInfo: the egress is over. */
        void finished(EgressInfo info);

        /** The handler's metrics now. */
        void metrics(String egressId, List<MetricSample> samples);

        /** Another recorder took the egress's identity: it is over, with no terminal status to report. */
        void replaced(String egressId);

        /** The handler died without a terminal status. */
        void crashed(String egressId, String error);
    }

    private final String egressId;
    private final Process process;
    private final IpcChannel channel;
    private final Path dir;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The UpdateStream waiting for the handler's answer, if any. */
    private final AtomicReference<CompletableFuture<IpcMessage>> streamUpdate = new AtomicReference<>();

    private HandlerProcess(String egressId, Process process, IpcChannel channel, Path dir) {
        this.egressId = egressId;
        this.process = process;
        this.channel = channel;
        this.dir = dir;
    }

    /**
     * Starts a handler for {@code egressId} and waits until it is ready.
     *
     * @param request  the serialized StartEgressRequest, secrets included
     * @param starting the serialized STARTING EgressInfo the worker reported (redacted)
     */
    public static HandlerProcess launch(String egressId, byte[] request, byte[] starting,
                                        HandlerCommandLine commandLine, Listener listener) throws EgressException {
        Path dir;
        ServerSocketChannel server;
        try {
            dir = Files.createTempDirectory("egress4j-handler-" + egressId + "-");
            server = IpcChannel.listen(dir.resolve("ipc.sock"));
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot prepare the handler: " + e.getMessage(), e);
        }
        // The handler shares the worker's working directory, so relative paths in the config mean the same.
        ProcessBuilder builder = new ProcessBuilder(commandLine.withJvmOptions(CrashRecord.jvmOptions(dir)).command())
                .redirectErrorStream(true);
        builder.environment().putAll(commandLine.environment());
        builder.environment().put(HandlerCommand.IPC_ENV, dir.resolve("ipc.sock").toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            closeQuietly(server);
            throw new EgressException(Code.INTERNAL, "failed to launch handler: " + e.getMessage(), e);
        }
        relayOutput(egressId, process);
        try {
            IpcChannel channel = IpcChannel.accept(server, READY_TIMEOUT);
            if (channel.receive().type() != IpcMessage.Type.READY) {
                throw new IOException("handler spoke before it was ready");
            }
            // Over the socket, never in the environment: children of the handler must not inherit the secrets.
            channel.send(new IpcMessage(IpcMessage.Type.REQUEST, request));
            channel.send(new IpcMessage(IpcMessage.Type.STARTING, starting));
            HandlerProcess handler = new HandlerProcess(egressId, process, channel, dir);
            handler.listen(listener);
            return handler;
        } catch (IOException | TimeoutException e) {
            process.destroyForcibly();
            WorkDirs.delete(dir);
            LOG.log(Level.WARNING, "[{0}] handler did not start: {1}", egressId, e.getMessage());
            throw new EgressException(Code.INTERNAL, "handler failed to start");
        } finally {
            closeQuietly(server);
        }
    }

    /** The handler's stdout and stderr go to the worker's log, tagged with the egress. */
    private static void relayOutput(String egressId, Process process) {
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    LOG.log(Level.INFO, "[{0}] {1}", egressId, line);
                }
            } catch (IOException e) {
                // the handler is gone; its exit is reported by the reader
            }
        }, "handler-log-" + egressId);
        relay.setDaemon(true);
        relay.start();
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
                // the handler closed its end: it exited
            } catch (IOException e) {
                LOG.log(Level.WARNING, "[{0}] handler IPC broke: {1}", egressId, e.getMessage());
            }
            awaitExit();
            channel.close();
            CrashRecord record = new CrashRecord(dir);
            if (!finished.get()) {
                record.salvageRecordings();
                listener.crashed(egressId, record.errorAfterExit(process.pid(), process.exitValue()));
            }
            if (record.hasCrashReport()) {
                LOG.log(Level.WARNING, "[{0}] crash report kept in {1}", egressId, dir);
            } else {
                WorkDirs.delete(dir);
            }
        }, "handler-ipc-" + egressId);
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            if (process.isAlive() && !finished.get()) {
                LOG.log(Level.WARNING, "[{0}] handler did not finish within {1} s of {2}; killing it", egressId,
                        STOP_GRACE.toSeconds(), message.type());
                process.destroyForcibly();
            }
        });
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private static void closeQuietly(ServerSocketChannel server) {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
