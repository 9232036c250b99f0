package io.egress4j.core.worker;

import com.sun.net.httpserver.HttpServer;
import io.egress4j.core.storage.ArtifactStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
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
import java.util.Locale;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;

/**
 * {@code prometheus_port}: upstream's metric names (so existing dashboards keep working) plus JVM metrics, every
 * series labelled with {@code node_id} and {@code cluster_id}.
 */
final class WorkerMetrics implements AutoCloseable {

    private static final String[] REQUEST_TYPES = {"room_composite", "web", "participant", "track_composite", "track"};
    private static final String[] RESULTS = {"completed", "aborted", "process_error"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    WorkerMetrics(int port, String nodeId, String clusterId, Worker worker) throws IOException {
        registry.config().commonTags("node_id", nodeId, "cluster_id", clusterId);
        Gauge.builder("livekit_egress_available", worker, w -> w.activeEgresses().isEmpty() ? 1 : 0)
                .description("1 when this worker runs no egress").register(registry);
        Gauge.builder("livekit_egress_can_accept_request", worker, w -> w.isReady() ? 1 : 0)
                .description("1 while this worker takes requests: connected to Redis and not draining")
                .register(registry);
        Gauge.builder("livekit_egress_is_terminating", worker, w -> w.isDraining() ? 1 : 0)
                .description("1 while this worker drains after SIGTERM").register(registry);
        Gauge.builder("livekit_egress_is_disabled", worker, w -> 0).description("always 0 (upstream's metric)")
                .register(registry);
        Gauge.builder("livekit_node_cpu_load", worker, Worker::cpuLoad).tags("node_type", "EGRESS")
                .description("share of this worker's cores taken by its egresses").register(registry);
        Gauge.builder("livekit_load_ratio", worker, Worker::cpuLoad).tags("type", "cpu")
                .description("share of this worker's cores taken by its egresses").register(registry);
        for (String type : REQUEST_TYPES) {
            Gauge.builder("livekit_egress_requests", worker, w -> w.activeCount(type)).tags("type", type)
                    .description("egresses running on this worker, by request type").register(registry);
            // Counters exist from the start, at 0, so that rate() and increase() see their first increment.
            for (String result : RESULTS) {
                results(type, result);
            }
            uploadFailures(type);
            backupStorageUsed(type);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Counts a finished egress by request type and result, as upstream's handler results counter does; and, among
     * them, those that failed because an output could not be stored, and those that stored on the backup storage.
     */
    void finished(EgressInfo info) {
        String type = requestType(info);
        results(type, result(info.getStatus())).increment();
        if (info.getStatus() == EgressStatus.EGRESS_FAILED && info.getError().contains(ArtifactStore.UPLOAD_FAILED)) {
            uploadFailures(type).increment();
        }
        if (info.getBackupStorageUsed()) {
            backupStorageUsed(type).increment();
        }
    }

    private Counter results(String type, String result) {
        return Counter.builder("livekit_egress_handler_results").tags(Tags.of("type", type, "result", result))
                .description("egresses that ended on this worker, by request type and result").register(registry);
    }

    private Counter uploadFailures(String type) {
        return Counter.builder("livekit_egress_upload_failures")
                .description("egresses that failed because an output could not be stored, on the primary storage "
                        + "nor on the backup")
                .tag("type", type).register(registry);
    }

    private Counter backupStorageUsed(String type) {
        return Counter.builder("livekit_egress_backup_storage_used")
                .description("egresses that stored outputs on the backup storage after the primary failed")
                .tag("type", type).register(registry);
    }

    static String requestType(EgressInfo info) {
        return info.getRequestCase().name().toLowerCase(Locale.ROOT);
    }

    private static String result(EgressStatus status) {
        return switch (status) {
            case EGRESS_COMPLETE, EGRESS_LIMIT_REACHED -> "completed";
            case EGRESS_ABORTED -> "aborted";
            default -> "process_error";
        };
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
