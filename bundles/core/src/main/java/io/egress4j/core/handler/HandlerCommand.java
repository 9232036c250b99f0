package io.egress4j.core.handler;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.cli.Invocation;
import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.LogLevel;
import com.google.protobuf.InvalidProtocolBufferException;
import io.egress4j.core.job.JobFactory;
import io.egress4j.core.job.JobLifecycle;
import io.egress4j.core.job.Plugins;
import io.egress4j.core.job.WorkDirs;
import io.egress4j.core.metrics.HandlerMetrics;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;
import io.egress4j.core.request.EncodingResolver;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.UpdateStreamRequest;
import livekit.LivekitEgress.EgressStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress run-handler}: runs egresses for a worker, in a process of its own. The worker names a Unix socket
 * in {@value #IPC_ENV} and how many egresses the process may run in {@value #CAPACITY_ENV} (1 unless the worker
 * shares processes between light egresses). Each egress has a connection of its own: the handler opens one, says it
 * is ready, and waits; the worker sends the request (StartEgressRequest, secrets included) and the STARTING
 * EgressInfo it reported, and the handler opens the next connection while capacity is left, runs the egress,
 * reports every EgressInfo back and obeys stop and kill requests. Once every connection it opened is done, the
 * process exits: it never runs more egresses than its capacity. Nothing secret is in the handler's environment,
 * which its children would inherit.
 */
@Component(service = Function.class, property = "egress.command=run-handler")
public final class HandlerCommand implements Function<Map<String, Object>, Integer> {

    static final String IPC_ENV = "EGRESS_HANDLER_IPC";
    static final String CAPACITY_ENV = "EGRESS_HANDLER_CAPACITY";
    /** Set for a spare: its sources start what they can before the request ({@link Source#prestart}). */
    static final String PRESTART_ENV = "EGRESS_HANDLER_PRESTART";

    private static final System.Logger LOG = System.getLogger(HandlerCommand.class.getName());

    @Reference
    private Plugins plugins;

    @Override
    public Integer apply(Map<String, Object> launcherArguments) {
        Invocation invocation = Invocation.of(launcherArguments);
        String ipc = System.getenv(IPC_ENV);
        if (ipc == null) {
            System.err.println("egress run-handler: started by the worker only (" + IPC_ENV + " is not set)");
            return 2;
        }
        Optional<Path> prestarted = "1".equals(System.getenv(PRESTART_ENV)) ? prestart(invocation) : Optional.empty();
        try {
            Slots slots = new Slots(Path.of(ipc), capacity(), invocation);
            int exitCode = slots.serve(1);
            slots.running.arriveAndAwaitAdvance();
            return Math.max(exitCode, slots.worstExitCode.get());
        } finally {
            prestarted.ifPresent(WorkDirs::delete);
        }
    }

    /**
     * Lets every source start what it can before the request is known, for the default request; returns the folder
     * they may use, to remove at exit. A source that cannot prestart simply starts cold.
     */
    private Optional<Path> prestart(Invocation invocation) {
        try {
            EgressConfig config = ConfigLoader.load(invocation.configFile(), System.getenv(), plugins.registered());
            Path dir = Files.createTempDirectory("egress4j-spare-");
            SourceRequest likely = new SourceRequest("spare", dir, "about:blank",
                    EncodingResolver.DEFAULTS.videoFormat(), true, false, config.browserOptions());
            for (Source source : plugins.sources()) {
                try {
                    source.prestart(likely);
                } catch (EgressException | RuntimeException e) {
                    LOG.log(Level.WARNING, "a source could not prestart: {0}", e.getMessage());
                }
            }
            return Optional.of(dir);
        } catch (ConfigException | IOException e) {
            LOG.log(Level.WARNING, "no prestart: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    private static int capacity() {
        try {
            return Math.max(1, Integer.parseInt(System.getenv().getOrDefault(CAPACITY_ENV, "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The connections this process offers the worker, one egress each. */
    private final class Slots {
        private final Path ipc;
        private final int capacity;
        private final Invocation invocation;
        /** This process's slots still open; the process ends when they all are done. */
        private final Phaser running = new Phaser(1);
        private final AtomicInteger worstExitCode = new AtomicInteger();

        Slots(Path ipc, int capacity, Invocation invocation) {
            this.ipc = ipc;
            this.capacity = capacity;
            this.invocation = invocation;
        }

        /**
         * Offers slot {@code number}, and once the worker gave it an egress, the next slot (while capacity is left)
         * on a thread of its own; then runs the egress. Returns the exit code it calls for.
         */
        int serve(int number) {
            try (IpcChannel channel = IpcChannel.connect(ipc)) {
                channel.send(IpcMessage.of(IpcMessage.Type.READY));
                // An idle slot has nothing to finish: a stop signal just closes it.
                AtomicBoolean idle = new AtomicBoolean(true);
                invocation.stop().thenRun(() -> {
                    if (idle.get()) {
                        channel.close();
                    }
                });
                StartEgressRequest request;
                try {
                    request = StartEgressRequest.parseFrom(expect(channel, IpcMessage.Type.REQUEST));
                    idle.set(false);
                } catch (EOFException | ClosedChannelException e) {
                    return 0;
                }
                EgressInfo starting = EgressInfo.parseFrom(expect(channel, IpcMessage.Type.STARTING));
                if (number < capacity) {
                    offer(number + 1);
                }
                return runEgress(channel, request, starting);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("egress run-handler: " + e.getMessage());
                return 1;
            }
        }

        private void offer(int number) {
            running.register();
            Thread next = new Thread(() -> {
                try {
                    worstExitCode.accumulateAndGet(serve(number), Math::max);
                } finally {
                    running.arriveAndDeregister();
                }
            }, "handler-slot-" + number);
            next.start();
        }

        private int runEgress(IpcChannel channel, StartEgressRequest request, EgressInfo starting)
                throws IOException {
            HandlerMetrics metrics = new HandlerMetrics();
            Outcome outcome;
            try (MetricsReports reports = MetricsReports.start(channel, metrics)) {
                outcome = run(request, starting, invocation, channel, metrics);
            }
            if (outcome.replaced()) {
                channel.send(IpcMessage.of(IpcMessage.Type.REPLACED));
                return 0;
            }
            channel.send(new IpcMessage(IpcMessage.Type.FINISHED, outcome.info().toByteArray()));
            return outcome.info().getStatus() == EgressStatus.EGRESS_COMPLETE ? 0 : 1;
        }
    }

    /**
     * How the egress ended.
     *
     * @param info     its final EgressInfo
     * @param replaced whether another recorder took its identity, so that it reports no final status
     */
    private record Outcome(EgressInfo info, boolean replaced) {
    }

    private Outcome run(StartEgressRequest request, EgressInfo starting, Invocation invocation, IpcChannel channel,
                        HandlerMetrics metrics) {
        JobLifecycle job;
        try {
            job = prepare(request, starting, invocation.configFile(), channel, metrics);
        } catch (EgressException e) {
            return new Outcome(failed(starting, e), false);
        }
        invocation.stop().thenAccept(name -> job.stop("Process killed"));
        followWorker(channel, job, starting.getEgressId());
        EgressInfo result = job.run(null);
        if (result.getStatus() == EgressStatus.EGRESS_COMPLETE) {
            WorkDirs.delete(job.workDir());
        } else {
            LOG.log(Level.INFO, "work files kept in {0}; the worker removes them after work_dir_retention unless they"
                    + " hold a recording", job.workDir());
        }
        return new Outcome(result, job.wasReplaced());
    }

    private JobLifecycle prepare(StartEgressRequest request, EgressInfo starting, String configFile, IpcChannel channel,
                                 HandlerMetrics metrics) throws EgressException {
        EgressConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), plugins.registered());
        } catch (ConfigException e) {
            throw new EgressException(Code.INTERNAL, e.getMessage());
        }
        LogLevel.apply(config.logging.level);
        JobFactory jobs = new JobFactory(config, plugins, false);
        // Planned again, at the time the worker accepted it, so that both name the files alike.
        JobFactory.Planned planned = jobs.plan(request, acceptedAt(starting));
        return jobs.job(planned, starting.toBuilder(), metrics, info -> send(channel, info));
    }

    /** Stop and kill requests from the worker; if the worker goes away, finish cleanly on our own. */
    private static void followWorker(IpcChannel channel, JobLifecycle job, String egressId) {
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    IpcMessage message = channel.receive();
                    switch (message.type()) {
                        case STOP -> job.stop(message.text());
                        case KILL -> job.kill(message.text());
                        case UPDATE_STREAM -> channel.send(updateStream(job, message.payload()));
                        default -> LOG.log(Level.WARNING, "unexpected {0} from the worker", message.type());
                    }
                }
            } catch (EOFException e) {
                job.stop("Process killed");
            } catch (ClosedChannelException e) {
                // this handler closed the channel itself: its egress ended
            } catch (IOException e) {
                LOG.log(Level.WARNING, "[{0}] lost the worker: {1}", egressId, e.toString());
                job.stop("Process killed");
            }
        }, "worker-ipc");
        reader.setDaemon(true);
        reader.start();
    }

    private static IpcMessage updateStream(JobLifecycle job, byte[] payload) {
        try {
            UpdateStreamRequest request = UpdateStreamRequest.parseFrom(payload);
            EgressInfo info = job.updateStream(request.getAddOutputUrlsList(), request.getRemoveOutputUrlsList());
            return new IpcMessage(IpcMessage.Type.STREAM_UPDATED, info.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            return IpcMessage.text(IpcMessage.Type.STREAM_UPDATE_FAILED, Code.INTERNAL + ":" + e.getMessage());
        } catch (EgressException e) {
            return IpcMessage.text(IpcMessage.Type.STREAM_UPDATE_FAILED, e.code() + ":" + e.getMessage());
        }
    }

    private static void send(IpcChannel channel, EgressInfo info) {
        try {
            channel.send(new IpcMessage(IpcMessage.Type.INFO, info.toByteArray()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "[{0}] update not delivered: {1}", info.getEgressId(), e.getMessage());
        }
    }

    private static byte[] expect(IpcChannel channel, IpcMessage.Type type) throws IOException {
        IpcMessage message = channel.receive();
        if (message.type() != type) {
            throw new IOException("the worker sent " + message.type() + " where " + type + " was due");
        }
        return message.payload();
    }

    private EgressInfo failed(EgressInfo starting, EgressException error) {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        return starting.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError(error.getMessage())
                .setErrorCode(error.code().httpStatus()).setDetails("End reason: Failure").setEndedAt(now)
                .setUpdatedAt(now).build();
    }

    private static ZonedDateTime acceptedAt(EgressInfo starting) {
        return Instant.ofEpochSecond(0, starting.getStartedAt()).atZone(ZoneId.systemDefault());
    }

}
