package io.egress4j.core.worker;

import com.sun.net.httpserver.HttpServer;
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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    WorkerMetrics(int port, String nodeId, String clusterId, Worker worker) throws IOException {
        registry.config().commonTags("node_id", nodeId, "cluster_id", clusterId);
        Gauge.builder("livekit_egress_available", worker, w -> w.activeEgresses().isEmpty() ? 1 : 0)
                .description("1 when this worker runs no egress").register(registry);
        Gauge.builder("livekit_egress_can_accept_request", worker, w -> w.isReady() ? 1 : 0).register(registry);
        Gauge.builder("livekit_egress_is_terminating", worker, w -> w.isDraining() ? 1 : 0).register(registry);
        Gauge.builder("livekit_egress_is_disabled", worker, w -> 0).register(registry);
        Gauge.builder("livekit_node_cpu_load", worker, Worker::cpuLoad).tags("node_type", "EGRESS")
                .register(registry);
        Gauge.builder("livekit_load_ratio", worker, Worker::cpuLoad).tags("type", "cpu").register(registry);
        for (String type : new String[] {"room_composite", "web", "participant", "track_composite", "track"}) {
            Gauge.builder("livekit_egress_requests", worker, w -> w.activeCount(type)).tags("type", type)
                    .register(registry);
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

    /** Counts a finished egress by request type and result, as upstream's handler results counter does. */
    void finished(EgressInfo info) {
        Counter.builder("livekit_egress_handler_results")
                .tags(Tags.of("type", requestType(info), "result", result(info.getStatus())))
                .register(registry).increment();
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
