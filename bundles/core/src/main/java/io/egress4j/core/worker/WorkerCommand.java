package io.egress4j.core.worker;

import io.egress4j.core.cli.Invocation;
import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.LogLevel;
import io.egress4j.core.handler.HandlerCommandLine;
import io.egress4j.core.job.Plugins;
import io.egress4j.psrpc.RpcException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress run}: the Redis-driven worker that a LiveKit server sends egress requests to. SIGTERM drains (no
 * new work, running egresses finish); SIGINT stops every egress cleanly and exits.
 */
@Component(service = Function.class, property = "egress.command=run")
public final class WorkerCommand implements Function<Map<String, Object>, Integer> {

    /** The longest wait between two attempts to reach Redis at start-up. */
    private static final Duration MAX_REDIS_PAUSE = Duration.ofSeconds(10);

    static final String USAGE = """
            usage: egress run [--config FILE]

            Runs the egress worker: it takes requests from a LiveKit server over Redis (psrpc) and runs each egress in
            a handler process. Needs redis.address in the config (or EGRESS_CONFIG_FILE / EGRESS_CONFIG_BODY).
            SIGTERM: stop taking work and exit when running egresses finish. SIGINT: stop them all cleanly and exit.
            """;

    private static final System.Logger LOG = System.getLogger(WorkerCommand.class.getName());

    @Reference
    private Plugins plugins;

    @Override
    public Integer apply(Map<String, Object> launcherArguments) {
        Invocation invocation = Invocation.of(launcherArguments);
        if (!invocation.onlyConfigOption()) {
            System.err.print(USAGE);
            return 2;
        }
        String configFile = invocation.configFile();
        CompletionStage<String> stop = invocation.stop();
        EgressConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), plugins.registered());
        } catch (ConfigException e) {
            System.err.println("egress run: " + e.getMessage());
            return 2;
        }
        LogLevel.apply(config.logging.level);
        boolean standalone = invocation.bus() != null;
        if (!standalone && config.redis.address.isBlank() && config.redis.sentinelAddresses.isEmpty()
                && config.redis.clusterAddresses.isEmpty()) {
            System.err.println("egress run: redis.address is required: the worker takes its requests from Redis"
                    + " (or run `egress serve` for a standalone node with its own Egress API)");
            return 2;
        }
        String nodeId = "NE_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Worker started;
        try {
            HandlerCommandLine handlers = HandlerCommandLine.ofThisProcess(configFile);
            started = standalone ? Worker.start(config, plugins, handlers, invocation.bus())
                    : startWhenRedisAnswers(config, handlers, stop);
        } catch (RpcException e) {
            System.err.println("egress run: cannot serve on the local bus: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (started == null) {
            return 0; // stopped before Redis answered
        }
        try (Worker worker = started;
             HealthServer health = config.healthPort > 0
                     ? new HealthServer(bind(config, config.healthPort), worker) : null;
             WorkerMetrics metrics = config.prometheusPort > 0
                     ? new WorkerMetrics(bind(config, config.prometheusPort), nodeId, config.clusterId, worker)
                     : null) {
            if (metrics != null) {
                worker.onEnded(metrics);
            }
            LOG.log(Level.INFO, "worker {0} ready: {1}, cluster \"{2}\"{3}{4}", nodeId,
                    standalone ? "standalone" : "redis " + config.redis.address, config.clusterId, health == null ? "" : ", health on port " + health.port(),
                    metrics == null ? "" : ", metrics on port " + metrics.port());
            worker.capacityWarnings().forEach(warning -> LOG.log(Level.WARNING, warning));
            String signal = stop.toCompletableFuture().join();
            if (signal.equals("SIGTERM")) {
                LOG.log(Level.INFO, "SIGTERM: taking no new work; waiting for running egresses to finish");
                worker.shutdown().drain();
            } else {
                LOG.log(Level.INFO, "{0}: stopping every egress", signal);
                worker.shutdown().stopAll();
            }
            return 0;
        } catch (IOException e) {
            System.err.println("egress run: cannot open health_port " + config.healthPort + " or prometheus_port "
                    + config.prometheusPort + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Starts the worker once Redis answers: a worker started before its Redis (a restart of both, a deployment that
     * starts them together) waits, saying so, instead of exiting. Ports stay closed meanwhile: not ready.
     *
     * @return the worker, or null when a stop signal came first
     */
    private Worker startWhenRedisAnswers(EgressConfig config, HandlerCommandLine handlers,
                                         CompletionStage<String> stop) throws InterruptedException {
        Duration pause = Duration.ofSeconds(1);
        while (true) {
            try {
                return Worker.start(config, plugins, handlers);
            } catch (RpcException e) {
                LOG.log(Level.WARNING, "Redis at {0} does not answer ({1}); trying again in {2} s",
                        config.redis.address, e.getMessage(), pause.toSeconds());
            }
            try {
                stop.toCompletableFuture().get(pause.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException stillRunning) {
                pause = pause.multipliedBy(2).compareTo(MAX_REDIS_PAUSE) > 0 ? MAX_REDIS_PAUSE : pause.multipliedBy(2);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the stop stage never fails", e);
            }
        }
    }

    /** {@code bind_address} (empty: every interface, as upstream) with {@code port}. */
    private static InetSocketAddress bind(EgressConfig config, int port) {
        return config.bindAddress.isEmpty() ? new InetSocketAddress(port)
                : new InetSocketAddress(config.bindAddress, port);
    }
}
