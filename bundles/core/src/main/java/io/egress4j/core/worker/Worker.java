package io.egress4j.core.worker;

import io.egress4j.core.DaemonThreads;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.RedisConfig;
import io.egress4j.core.handler.HandlerCommandLine;
import io.egress4j.core.handler.HandlerJob;
import io.egress4j.core.handler.HandlerPool;
import io.egress4j.core.metrics.MetricSample;
import io.egress4j.core.job.JobFactory;
import io.egress4j.core.job.Plugins;
import io.egress4j.core.job.WorkDirs;
import io.egress4j.protocol.rpc.EgressRpc.ListActiveEgressRequest;
import io.egress4j.protocol.rpc.EgressRpc.ListActiveEgressResponse;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.psrpc.CallOptions;
import io.egress4j.psrpc.IncomingRequest;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.MethodSpec;
import io.egress4j.psrpc.RedisBus;
import io.egress4j.psrpc.RedisSettings;
import io.egress4j.psrpc.RpcClient;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.egress4j.psrpc.RpcServer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.UpdateStreamRequest;

/**
 * The egress service as livekit-server sees it on the bus: bids for and accepts StartEgress requests, runs each
 * egress in a handler process, serves StopEgress per egress, lists active egresses, and reports every EgressInfo
 * through IOInfo. It never runs media itself. Its {@link LoadGuard} keeps the egresses within the machine, and its
 * {@link Shutdown} ends them when the worker stops.
 */
public final class Worker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    /** LiveKit's egress IDs, {@code EG_} and letters and digits (twelve from a LiveKit server); no dots or slashes. */
    private static final int INTERNAL_ERROR = 500;
    private static final Pattern EGRESS_ID = Pattern.compile("EG_[A-Za-z0-9_-]{1,64}");

    private final EgressConfig config;
    private final Plugins plugins;
    private final JobFactory jobs;
    private final HandlerPool handlers;
    private final MessageBus bus;
    /** Whether {@link #close()} closes the bus: one it connected itself, not one a standalone node shares. */
    private final boolean ownsBus;
    private final RpcServer server;
    private final RpcClient ioInfo;
    private final InfoReporter reporter;
    private final Admission admission;
    private final Map<String, ActiveEgress> active = new ConcurrentHashMap<>();
    private final LoadGuard loadGuard;
    private final Shutdown shutdown = new Shutdown(this::stopBidding, active.values());
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("work-dir-sweep"));
    private volatile boolean draining;
    /**
     * Set, as upstream, when the LiveKit server took no update for {@link IoHealth#WATCHDOG} or a running egress
     * reported an internal error: no more bids, running egresses go on.
     */
    private volatile boolean broken;
    private final IoHealth ioHealth = new IoHealth(IoHealth.WATCHDOG, this::ioWatchdog);
    private volatile EgressEvents events = new EgressEvents() {
    };

    private Worker(EgressConfig config, Plugins plugins, HandlerCommandLine handlerCommandLine, MessageBus bus,
                   boolean ownsBus) throws RpcException {
        this.config = config;
        this.plugins = plugins;
        this.jobs = new JobFactory(config, plugins, false);
        this.bus = bus;
        this.ownsBus = ownsBus;
        this.server = new RpcServer(bus);
        this.ioInfo = new RpcClient(bus, "IOInfo");
        this.reporter = new InfoReporter(this::sendUpdate, config.ioWorkers, ioHealth);
        this.admission = new Admission(config.cpuCost, Runtime.getRuntime().availableProcessors(),
                Clock.systemUTC());
        // Spares boot only while a core is free: their start-up costs about 1.5 CPU-seconds each.
        this.handlers = new HandlerPool(handlerCommandLine, config.handlers.spares,
                config.handlers.lightEgressPerProcess, () -> admission.availableCpu() >= 1);
        this.loadGuard = new LoadGuard(config.cpuCost, admission, active, handlers::idleProcesses);
    }

    /** Connects to Redis and starts serving; returns once the worker bids for requests. */
    public static Worker start(EgressConfig config, Plugins plugins, HandlerCommandLine handlerCommandLine)
            throws RpcException {
        RedisBus redis = RedisBus.connect(redisSettings(config.redis));
        try {
            return start(new Worker(config, plugins, handlerCommandLine, redis, true));
        } catch (RpcException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** Serves on a bus its caller owns: a standalone node's, shared with its Egress API in this process. */
    public static Worker start(EgressConfig config, Plugins plugins, HandlerCommandLine handlerCommandLine,
                               MessageBus bus) throws RpcException {
        return start(new Worker(config, plugins, handlerCommandLine, bus, false));
    }

    private static Worker start(Worker worker) throws RpcException {
        EgressConfig config = worker.config;
        worker.server.register(MethodSpec.START_EGRESS, config.clusterId, StartEgressRequest.parser(),
                worker::startEgress, worker::affinity);
        worker.server.register(MethodSpec.LIST_ACTIVE_EGRESS, "", ListActiveEgressRequest.parser(),
                (request, incoming) -> ListActiveEgressResponse.newBuilder().addAllEgressIds(worker.active.keySet())
                        .build());
        worker.loadGuard.start();
        worker.housekeeping.scheduleWithFixedDelay(worker::sweepWorkDirs, 0, 1, TimeUnit.HOURS);
        return worker;
    }

    static RedisSettings redisSettings(RedisConfig redis) {
        return RedisSettings.builder().address(redis.address).username(redis.username).password(redis.password)
                .db(redis.db).useTls(redis.useTls || redis.tls.enabled)
                .sentinelMasterName(redis.sentinelMasterName).sentinelUsername(redis.sentinelUsername)
                .sentinelPassword(redis.sentinelPassword).sentinelAddresses(redis.sentinelAddresses)
                .clusterAddresses(redis.clusterAddresses).dialTimeout(Duration.ofMillis(redis.dialTimeout))
                .readTimeout(Duration.ofMillis(redis.readTimeout)).writeTimeout(Duration.ofMillis(redis.writeTimeout))
                .maxRedirects(redis.maxRedirects).build();
    }

    /** The claim bid: none for what this worker cannot run (or while it shuts down), else what admission says. */
    private float affinity(StartEgressRequest request) {
        Optional<EgressType> type = draining || isDisabled() ? Optional.empty() : plugins.typeFor(request);
        return type.map(t -> (float) admission.affinity(RequestCosts.of(t.costKey(request),
                request.getEstimatedCpu(), config.cpuCost))).orElse(-1f);
    }

    private Message startEgress(StartEgressRequest request, IncomingRequest incoming) throws RpcException {
        String egressId = request.getEgressId();
        if (draining || isDisabled()) {
            throw new RpcException(RpcCode.UNAVAILABLE, "server is shutting down");
        }
        if (!EGRESS_ID.matcher(egressId).matches()) {
            // Also keeps IDs out of paths and sink names: the ID names the handler's folder and audio sink.
            throw RpcErrors.of(EgressException.invalidField("egressID"));
        }
        if (active.containsKey(egressId)) {
            throw new RpcException(RpcCode.ALREADY_EXISTS, "egress already exists");
        }
        Instant now = Instant.now();
        JobFactory.Planned planned;
        EgressInfo starting;
        try {
            planned = jobs.plan(request, now.atZone(ZoneId.systemDefault()));
            EgressInfo.Builder info = jobs.initialInfo(planned).setRoomId(request.getRoomId())
                    .setRetryCount(request.getRetryCount()).setStatus(EgressStatus.EGRESS_STARTING)
                    .setStartedAt(nanos(now)).setUpdatedAt(nanos(now));
            if (!request.getRoomName().isEmpty()) {
                info.setRoomName(request.getRoomName());
            }
            starting = info.build();
        } catch (EgressException e) {
            throw RpcErrors.of(e);
        }
        Admission.Cost cost = RequestCosts.of(planned.type().costKey(request), request.getEstimatedCpu(),
                config.cpuCost);
        if (!admission.accept(egressId, cost)) {
            throw new RpcException(RpcCode.UNAVAILABLE, "not enough CPU");
        }
        ActiveEgress egress = new ActiveEgress(egressId, starting, cost.cpu());
        active.put(egressId, egress);
        try {
            ioInfo.call(MethodSpec.CREATE_EGRESS, "", starting, Empty.parser(),
                    CallOptions.timeout(config.ioCreateTimeout));
            server.register(MethodSpec.STOP_EGRESS, egressId, StopEgressRequest.parser(), this::stopEgress);
            server.register(MethodSpec.UPDATE_STREAM, egressId, UpdateStreamRequest.parser(), this::updateStream);
            // The handler gets the request with its secrets; everything reported carries the redacted copy.
            egress.attach(handlers.start(egressId, request.toByteArray(), starting.toByteArray(),
                    planned.type().costKey(request).light(), listener(egress)));
        } catch (RpcException e) {
            forget(egressId);
            throw e;
        } catch (EgressException e) {
            forget(egressId);
            throw RpcErrors.of(e);
        } catch (RuntimeException e) {
            // Whatever failed, the admission reservation and the per-egress topics are given back.
            forget(egressId);
            LOG.log(Level.WARNING, "[" + egressId + "] launch failed", e);
            throw new RpcException(RpcCode.INTERNAL, "failed to launch the egress: " + e.getMessage());
        }
        LOG.log(Level.INFO, "[{0}] accepted {1}", egressId, planned.summary());
        return starting;
    }

    private HandlerJob.Listener listener(ActiveEgress egress) {
        return new HandlerJob.Listener() {
            @Override
            public void updated(EgressInfo info) {
                if (info.getStatus() != egress.latest().getStatus() && !isTerminal(info)) {
                    LOG.log(Level.INFO, "[{0}] {1}", info.getEgressId(), info.getStatus());
                }
                egress.update(info);
                if (info.getErrorCode() == INTERNAL_ERROR && !isTerminal(info)) {
                    // Upstream's rule: an internal error while an egress runs means this node may be broken.
                    disable("[" + info.getEgressId() + "] internal error: " + info.getError());
                }
                // A terminal status is reported by finished(), once the egress no longer counts as active.
                if (!isTerminal(info)) {
                    reporter.report(info);
                }
            }

            @Override
            public void finished(EgressInfo info) {
                // Forgotten before it is reported: whoever hears "COMPLETE" must no longer see it as active.
                forget(info.getEgressId());
                egress.update(info);
                reporter.report(info);
                LOG.log(Level.INFO, "[{0}] {1}", info.getEgressId(), info.getStatus());
                events.finished(info);
            }

            @Override
            public void metrics(String egressId, List<MetricSample> samples) {
                events.handlerMetrics(egressId, samples);
            }

            @Override
            public void replaced(String egressId) {
                forget(egressId);
                events.replaced(egress.latest());
                LOG.log(Level.INFO, "[{0}] ended silently: another recorder joined as this egress (duplicate"
                        + " identity); its status is left to that one", egressId);
            }

            @Override
            public void crashed(String egressId, String error) {
                long now = nanos(Instant.now());
                // A handler that died after reaching its terminal status still ended as it said it did.
                EgressInfo failed = isTerminal(egress.latest()) ? egress.latest()
                        : egress.latest().toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError(error)
                                .setErrorCode(500).setDetails("End reason: Failure").setEndedAt(now)
                                .setUpdatedAt(now).build();
                forget(egressId);
                egress.update(failed);
                reporter.report(failed);
                LOG.log(Level.WARNING, "[{0}] FAILED: {1}", egressId, error);
                events.finished(failed);
            }
        };
    }

    private Message stopEgress(StopEgressRequest request, IncomingRequest incoming) throws RpcException {
        ActiveEgress egress = active.get(request.getEgressId());
        if (egress == null || egress.handler().isEmpty()) {
            throw new RpcException(RpcCode.NOT_FOUND, "egress not found");
        }
        egress.handler().get().stop("StopEgress API");
        return egress.latest().toBuilder().setStatus(EgressStatus.EGRESS_ENDING)
                .setDetails("End reason: StopEgress API").setUpdatedAt(nanos(Instant.now())).build();
    }

    private Message updateStream(UpdateStreamRequest request, IncomingRequest incoming) throws RpcException {
        ActiveEgress egress = active.get(request.getEgressId());
        if (egress == null || egress.handler().isEmpty()) {
            throw new RpcException(RpcCode.NOT_FOUND, "egress not found");
        }
        try {
            EgressInfo info = egress.handler().get().updateStream(request);
            egress.update(info);
            return info;
        } catch (EgressException e) {
            throw RpcErrors.of(e);
        }
    }

    private void forget(String egressId) {
        server.unregister(MethodSpec.STOP_EGRESS, egressId);
        server.unregister(MethodSpec.UPDATE_STREAM, egressId);
        admission.release(egressId);
        active.remove(egressId);
    }

    private void sendUpdate(EgressInfo info) throws RpcException {
        ioInfo.call(MethodSpec.UPDATE_EGRESS, "", info, Empty.parser(), CallOptions.timeout(config.ioUpdateTimeout));
    }

    /** How this worker stops (SIGTERM drains, SIGINT stops every egress). */
    Shutdown shutdown() {
        return shutdown;
    }

    /** The first step of either shutdown: no more bids, and StartEgress refused. */
    private void stopBidding() {
        draining = true;
        server.unregister(MethodSpec.START_EGRESS, config.clusterId);
    }

    /** Request kinds this node's cost table keeps it from ever taking, each naming the key to change. */
    public List<String> capacityWarnings() {
        return RequestCosts.unaffordable(config.cpuCost, Runtime.getRuntime().availableProcessors());
    }

    /** For the health endpoint: free cores and the egresses running, with their (redacted) requests. */
    public double availableCpu() {
        return admission.availableCpu();
    }

    /** Each running egress's handler: cores used at the last sample and resident memory, by egress ID. */
    public Map<String, HandlerUsage> handlerUsage() {
        Map<String, HandlerUsage> usage = new TreeMap<>();
        active.forEach((egressId, egress) -> usage.put(egressId, new HandlerUsage(egress.lastCores(),
                egress.residentBytes())));
        return usage;
    }

    /** What one handler process tree uses. */
    public record HandlerUsage(double cores, long residentBytes) {
    }

    public List<EgressInfo> activeEgresses() {
        return active.values().stream().map(ActiveEgress::latest).toList();
    }

    public boolean isReady() {
        return !draining && !isDisabled() && bus.isReady();
    }

    public boolean isDraining() {
        return draining;
    }

    /** Upstream's "disabled": the LiveKit server is not taking this worker's updates, or the worker gave up. */
    public boolean isDisabled() {
        return broken || !ioHealth.healthy();
    }

    private void ioWatchdog() {
        disable("the LiveKit server has taken no update for " + IoHealth.WATCHDOG.toMinutes() + " min");
    }

    private void disable(String why) {
        LOG.log(Level.ERROR, "{0}: this worker takes no more egress (running ones go on)", why);
        broken = true;
        server.unregister(MethodSpec.START_EGRESS, config.clusterId);
    }

    /** Share of {@code max_memory} in use, 0..1 (upstream's memory load ratio). */
    public double memoryLoad() {
        return admission.memoryLoad();
    }

    /** Share of {@code max_pulse_clients} taken, 0..1 (upstream's pulse load ratio). */
    public double pulseLoad() {
        return admission.pulseLoad();
    }

    /** Share of the usable CPU in use, 0..1 (upstream's load ratio). */
    public double cpuLoad() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(0, Math.min(1, 1 - admission.availableCpu() / cores));
    }

    /** The resident memory of every egress process (handlers and their children), in bytes. */
    public long egressResidentBytes() {
        return active.values().stream().mapToLong(ActiveEgress::residentBytes).sum();
    }

    /**
     * PulseAudio servers running for egresses: each web egress has its own, with one sink. One left after its
     * egress ended is an orphan; one a spare handler started ahead of its egress is not counted.
     */
    public long pulseSinks() {
        Set<Long> spares = handlers.idleProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("/pulseaudio"))
                        .orElse(false))
                .filter(process -> process.parent().map(ProcessHandle::pid).filter(spares::contains).isEmpty())
                .count();
    }

    /** Egresses of one request type running now ("web", "track", ...). */
    public long activeCount(String type) {
        return active.values().stream().filter(e -> EgressResults.requestType(e.latest()).equals(type)).count();
    }

    /** What the egresses of this worker do, as metrics count it. */
    public interface EgressEvents {
        /** The latest metrics of an egress's handler. */
        default void handlerMetrics(String egressId, List<MetricSample> samples) {
        }

        /** An egress reached its terminal status. */
        default void finished(EgressInfo info) {
        }

        /** Another recorder took an egress's identity; {@code latest} is what it last reported. */
        default void replaced(EgressInfo latest) {
        }
    }

    public void onEnded(EgressEvents listener) {
        events = listener;
    }

    /** Removes the work folders of egresses that did not complete once {@code work_dir_retention} has passed. */
    private void sweepWorkDirs() {
        WorkDirs.sweep(Path.of(System.getProperty("java.io.tmpdir")), config.workDirRetention, Instant.now(),
                Set.copyOf(active.keySet()));
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        handlers.close();
        ioHealth.close();
        loadGuard.close();
        try {
            reporter.drain(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reporter.close();
        server.close();
        ioInfo.close();
        if (ownsBus) {
            bus.close();
        }
    }

    private static boolean isTerminal(EgressInfo info) {
        return switch (info.getStatus()) {
            case EGRESS_COMPLETE, EGRESS_FAILED, EGRESS_ABORTED, EGRESS_LIMIT_REACHED -> true;
            default -> false;
        };
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
