package io.egress4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;

/**
 * What the console's node page shows: the worker's admission capacity as its health port reports it (free CPU
 * cores, the cost keys that keep it from a kind of request, what each handler uses), the machine's memory, and
 * every bundle installed in
 * the framework with its state, plugins from the plugins folder included as they come and go.
 */
final class NodeStatus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double GB_IN_KB = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One installed bundle. */
    record Plugin(String name, String version, String state) {
    }

    /**
     * The worker's admission as its health port answered: free CPU cores, running egresses and warnings; or why
     * there is no answer.
     */
    record Capacity(Optional<Double> freeCpu, int running, List<String> warnings, String problem) {
    }

    private final BundleContext bundles;
    private final int healthPort;
    private final List<BundleListener> listeners = new ArrayList<>();

    NodeStatus(BundleContext bundles, int healthPort) {
        this.bundles = bundles;
        this.healthPort = healthPort;
    }

    List<Plugin> plugins() {
        return Arrays.stream(bundles.getBundles()).filter(bundle -> bundle.getBundleId() != 0)
                .sorted(Comparator.comparing(Bundle::getSymbolicName))
                .map(bundle -> new Plugin(bundle.getSymbolicName(), bundle.getVersion().toString(),
                        state(bundle.getState())))
                .toList();
    }

    /** Calls {@code changed} whenever a bundle is installed, started, stopped or removed, until closed. */
    void onPluginsChanged(Runnable changed) {
        BundleListener listener = event -> changed.run();
        listeners.add(listener);
        bundles.addBundleListener(listener);
    }

    Capacity capacity() {
        if (healthPort <= 0) {
            return new Capacity(Optional.empty(), 0, List.of(), "health_port is not set: the worker's admission is"
                    + " reported there");
        }
        try {
            JsonNode status = JSON.readTree(get("/").body());
            List<String> warnings = new ArrayList<>();
            status.path("Warnings").forEach(warning -> warnings.add(warning.asText()));
            int running = 0;
            for (var names = status.fieldNames(); names.hasNext(); ) {
                running += names.next().startsWith("EG_") ? 1 : 0;
            }
            return new Capacity(Optional.of(status.path("CpuLoad").asDouble()), running, warnings, "");
        } catch (IOException e) {
            return new Capacity(Optional.empty(), 0, List.of(), "the worker's health port " + healthPort
                    + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Capacity(Optional.empty(), 0, List.of(), "interrupted");
        }
    }

    /** What one running egress's handler uses. */
    record Usage(double cores, long memoryBytes) {
    }

    /** What each running egress's handler uses, by egress ID, as the worker's health port reports it. */
    Map<String, Usage> usage() {
        if (healthPort <= 0) {
            return Map.of();
        }
        try {
            JsonNode usage = JSON.readTree(get("/usage").body());
            Map<String, Usage> byEgress = new HashMap<>();
            usage.properties().forEach(entry -> byEgress.put(entry.getKey(), new Usage(
                    entry.getValue().path("cpu").asDouble(), entry.getValue().path("memory_bytes").asLong())));
            return byEgress;
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The machine's memory, in GB. */
    record Memory(double totalGb, double availableGb) {
    }

    /** {@code MemTotal} and {@code MemAvailable} of /proc/meminfo, if the system has them. */
    static Optional<Memory> memory() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            Optional<Double> total = kilobytes(lines, "MemTotal:");
            Optional<Double> available = kilobytes(lines, "MemAvailable:");
            return total.isPresent() && available.isPresent()
                    ? Optional.of(new Memory(total.get() / GB_IN_KB, available.get() / GB_IN_KB)) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> kilobytes(List<String> meminfo, String key) {
        return meminfo.stream().filter(line -> line.startsWith(key)).findFirst()
                .map(line -> Double.parseDouble(line.replaceAll("\\D", "")));
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed (unresolved)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }

    @Override
    public void close() {
        listeners.forEach(bundles::removeBundleListener);
    }
}
