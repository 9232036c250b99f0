package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker, started as the image starts it (deploy/docker/entrypoint, upstream's form: no command, the config
 * in --config-body) with the config the Kubernetes manifests give it: it gets ready, serves every metric the
 * dashboard and the alert rules read, in a form promtool accepts, and drains on SIGTERM.
 */
class WorkerMetricsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private Process worker;

    @BeforeEach
    void startRedis() throws IOException {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly();
        }
        redis.close();
    }

    @Test
    void servesWhatTheDashboardAndAlertsRead() throws Exception {
        int healthPort = TestProcesses.freePort();
        int metricsPort = TestProcesses.freePort();
        worker = entrypoint(List.of("--config-body", kubernetesConfig(healthPort, metricsPort)), "0.5");
        awaitLog("ready: redis");

        assertEquals("{\"ready\":true}", get(healthPort, "/ready"));
        // LIVEKIT_CPU_REQUEST=0.5 counts as one core, all that an idle worker offers
        assertEquals(1.0, new ObjectMapper().readTree(get(healthPort, "/")).path("CpuLoad").asDouble());

        String scrape = get(metricsPort, "/metrics");
        Set<String> exported = Arrays.stream(scrape.split("\n"))
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]")[0]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> read = new TreeSet<>(dashboardMetrics());
        read.addAll(alertMetrics());
        assertTrue(read.containsAll(Set.of("livekit_egress_available", "livekit_egress_handler_results_total",
                "livekit_egress_upload_failures_total", "livekit_egress_backup_storage_used_total")), read.toString());
        read.remove("up"); // Prometheus adds it to every target it scrapes
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "read by the dashboard or the alert rules but not exported; exported: "
                + exported);

        // promtool's lint also flags Micrometer's JVM names (process_cpu_time_ns_total, ...); ours must be clean
        Path scraped = Files.writeString(dir.resolve("metrics.txt"), scrape);
        Tool.Result lint = Tool.PROMTOOL.run(dir, scraped, "check", "metrics");
        assertTrue(lint.output().lines().noneMatch(line -> line.startsWith("livekit_")), lint.output());
        assertFalse(lint.output().contains("error"), lint.output());

        worker.toHandle().destroy(); // SIGTERM: nothing runs, so the drain ends at once
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker did not exit after SIGTERM:\n" + log());
        assertEquals(0, worker.exitValue(), log());
    }

    @Test
    void noArgumentsRunTheService() throws Exception {
        worker = entrypoint(List.of(), null);
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), log());
        assertEquals(2, worker.exitValue(), log());
        assertTrue(log().contains("egress run: redis.address is required"), log());
    }

    /** deploy/k8s's ConfigMap settings and Secret credentials, joined as the Deployment joins them, for this test. */
    private String kubernetesConfig(int healthPort, int metricsPort) throws IOException {
        String joined = Files.readString(Repo.path("deploy/k8s/egress.yaml")) + "\n"
                + Files.readString(Repo.path("deploy/k8s/secret.yaml"));
        ObjectNode config = (ObjectNode) YAML.readTree(joined);
        config.put("health_port", healthPort).put("prometheus_port", metricsPort);
        ((ObjectNode) config.path("redis")).put("address", redis.address());
        ((ObjectNode) config.path("storage").path("local")).put("root", dir.resolve("out").toString());
        return YAML.writeValueAsString(config);
    }

    private Process entrypoint(List<String> arguments, String cpuRequest) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Repo.path("deploy/docker/entrypoint").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile());
        builder.environment().put("EGRESS_HOME", System.getProperty("egress.home"));
        builder.environment().put("EGRESS_PLUGINS_DIR", dir.resolve("plugins").toString());
        builder.environment().keySet()
                .removeIf(name -> name.startsWith("EGRESS_CONFIG") || name.startsWith("LIVEKIT_"));
        if (cpuRequest != null) {
            builder.environment().put("LIVEKIT_CPU_REQUEST", cpuRequest);
        }
        return builder.start();
    }

    private void awaitLog(String text) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log().contains(text)) {
            if (System.currentTimeMillis() > deadline || !worker.isAlive()) {
                fail("\"" + text + "\" not in the worker's log:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("worker.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Repo.path("deploy/grafana/egress4j-dashboard.json").toFile());
        assertTrue(dashboard.path("templating").path("list").findValuesAsText("type").contains("datasource"),
                "the dashboard lets the user pick the Prometheus data source");
        Set<String> names = new TreeSet<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
            assertTrue(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt() <= 24,
                    "panel " + panel.path("title") + " fits Grafana's 24 columns");
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText());
            assertFalse(panel.path("targets").isEmpty(), "panel " + panel.path("title") + " has no query");
            for (JsonNode target : panel.path("targets")) {
                names.addAll(PromQl.metricNames(target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                names.addAll(PromQl.metricNames(variable.path("query").path("query").asText()));
            }
        }
        return names;
    }

    private static Set<String> alertMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        JsonNode rules = YAML.readTree(Repo.path("deploy/prometheus/egress4j-rules.yaml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.addAll(PromQl.metricNames(rule.path("expr").asText()));
            }
        }
        return names;
    }
}
