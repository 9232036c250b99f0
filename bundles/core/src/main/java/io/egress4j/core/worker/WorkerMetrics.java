package io.egress4j.core.worker;

import com.sun.net.httpserver.HttpServer;
import io.egress4j.core.metrics.HandlerMetricsBook;
import io.egress4j.core.metrics.MetricSample;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;

/**
 * {@code prometheus_port}: upstream's metric names (so existing dashboards keep working) plus JVM metrics, every
 * series labelled with {@code node_id} and {@code cluster_id}.
 */
final class WorkerMetrics implements Worker.EgressEvents, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final EgressResults results;
    private final HandlerMetricsBook handlers = new HandlerMetricsBook();
    private final Map<String, String> commonLabels;

    WorkerMetrics(InetSocketAddress address, String nodeId, String clusterId, Worker worker) throws IOException {
        commonLabels = Map.of("node_id", nodeId, "cluster_id", clusterId);
        registry.config().commonTags("node_id", nodeId, "cluster_id", clusterId);
        Gauge.builder("livekit_egress_available", worker, w -> w.activeEgresses().isEmpty() ? 1 : 0)
                .description("1 when this worker runs no egress").register(registry);
        Gauge.builder("livekit_egress_can_accept_request", worker, w -> w.isReady() ? 1 : 0)
                .description("1 while this worker takes requests: connected to Redis and not draining")
                .register(registry);
        Gauge.builder("livekit_egress_is_terminating", worker, w -> w.isDraining() ? 1 : 0)
                .description("1 while this worker drains after SIGTERM").register(registry);
        Gauge.builder("livekit_egress_is_disabled", worker, w -> w.isDisabled() ? 1 : 0)
                .description("1 while the LiveKit server takes none of this worker's updates, or gave up on it")
                .register(registry);
        Gauge.builder("livekit_node_cpu_load", worker, Worker::cpuLoad).tags("node_type", "EGRESS")
                .description("share of this worker's cores taken by its egresses").register(registry);
        Gauge.builder("livekit_load_ratio", worker, Worker::cpuLoad).tags("type", "cpu")
                .description("share of this worker's cores taken by its egresses").register(registry);
        Gauge.builder("livekit_load_ratio", worker, Worker::memoryLoad).tags("type", "memory")
                .description("share of max_memory in use (0 without max_memory)").register(registry);
        Gauge.builder("livekit_load_ratio", worker, Worker::pulseLoad).tags("type", "pulse")
                .description("share of max_pulse_clients taken").register(registry);
        for (String type : EgressResults.REQUEST_TYPES) {
            Gauge.builder("livekit_egress_requests", worker, w -> w.activeCount(type)).tags("type", type)
                    .description("egresses running on this worker, by request type").register(registry);
        }
        Gauge.builder("livekit_egress_proc_rss_bytes", worker, Worker::egressResidentBytes)
                .description("resident memory of the egress processes (handlers and their children)")
                .register(registry);
        Gauge.builder("livekit_egress_cgroup_memory_bytes", () -> MemoryUse.cgroupWorkingSet().orElse(0))
                .description("the container's memory working set (usage minus inactive file cache)")
                .register(registry);
        Gauge.builder("livekit_egress_cgroup_read_success", () -> MemoryUse.cgroupWorkingSet().isPresent() ? 1 : 0)
                .description("1 when the container's memory could be read from its cgroup").register(registry);
        Gauge.builder("livekit_egress_pulse_sinks", worker, Worker::pulseSinks)
                .description("PulseAudio sinks of running egresses (one per web egress)").register(registry);
        results = new EgressResults(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        server = HttpServer.create(address, 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = (registry.scrape() + handlers.render(commonLabels)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Counts a finished egress (see {@link EgressResults}). */
    @Override
    public void finished(EgressInfo info) {
        results.count(info);
        handlers.ended(info.getEgressId());
    }

    @Override
    public void replaced(EgressInfo latest) {
        results.countReplaced(latest);
        handlers.ended(latest.getEgressId());
    }

    @Override
    public void handlerMetrics(String egressId, List<MetricSample> samples) {
        handlers.update(egressId, samples);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        gcMetrics.close();
        registry.close();
    }
}
