package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import io.egress4j.core.storage.TestStorage;

class ConfigDefaultsTest {

    /** The example config at the repository root; tests run from bundles/core. */
    private static final Path EXAMPLE_CONFIG = Path.of("../../conf/egress.yaml");

    private static final ObjectMapper TREE = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance));
    private static final ObjectMapper SNAKE_CASE_TREE = TREE.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void noConfigGivesUpstreamDefaults() throws ConfigException {
        EgressConfig config = ConfigLoader.load(null, Map.of(), TestStorage.BACKENDS);

        assertEquals("", config.apiKey);
        assertEquals("", config.apiSecret);
        assertEquals("", config.wsUrl);
        assertEquals("", config.redis.address);
        assertEquals(2, config.redis.maxRedirects);
        assertEquals("info", config.logging.level);
        assertEquals(0, config.healthPort);
        assertEquals(7980, config.templatePort);
        assertEquals(0, config.prometheusPort);
        assertEquals(0, config.debugHandlerPort);
        assertEquals("", config.templateBase, "the built-in templates");
        assertFalse(config.enableChromeSandbox);
        assertFalse(config.insecure);
        assertFalse(config.disallowLocalStorage);
        assertEquals(60, config.maxUploadQueue);
        assertEquals(Duration.ofSeconds(15), config.ioCreateTimeout);
        assertEquals(Duration.ofSeconds(30), config.ioUpdateTimeout);
        assertEquals(Duration.ZERO, config.ioSelectionTimeout);
        assertEquals(5, config.ioWorkers);
        assertEquals(Duration.ZERO, config.sessionLimits.fileOutputMaxDuration);
        assertEquals(0, config.sessionLimits.fileOutputMaxSize);
        assertEquals("", config.storage.prefix);
        assertTrue(config.storage.backends().isEmpty());
        assertNull(config.backup);
        assertTrue(config.chromeFlags.isEmpty());
        assertFalse(config.debug.enableChromeLogging);
        assertEquals(Duration.ofSeconds(2), config.latency.jitterBufferLatency);
        assertEquals(Duration.ofMillis(2750), config.latency.audioMixerLatency);
        assertEquals(Duration.ofSeconds(3), config.latency.pipelineLatency);
        assertEquals(Duration.ofMillis(2200), config.latency.oldPacketThreshold);
        assertEquals(0.05, config.audioTempoController.adjustmentRate);
        assertEquals(30, config.pulseSinkReapGraceSec);
        assertEquals(0.8, config.cpuCost.maxCpuUtilization);
        assertEquals(4, config.cpuCost.roomCompositeCpuCost);
        assertEquals(1, config.cpuCost.audioRoomCompositeCpuCost);
        assertEquals(1, config.cpuCost.sdkAudioRoomCompositeCpuCost);
        assertEquals(0, config.cpuCost.sdkAudioRoomCompositeMemoryCost);
        assertEquals(0.5, config.cpuCost.trackCpuCost);
        assertEquals(60, config.cpuCost.maxPulseClients);
        assertEquals("proc_rss", config.cpuCost.memorySource);
        assertEquals(30, config.cpuCost.cpuKillGraceSec);
    }

    @Test
    void localStorageRootIsAbsoluteAndNormalized() throws ConfigException {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.resolve("recordings"), ConfigLoader.load(null, Map.of(), TestStorage.BACKENDS).localStorageRoot());

        EgressConfig config = body("""
                storage:
                  local:
                    root: out/../media/
                """);
        assertEquals(cwd.resolve("media"), config.localStorageRoot());
        assertEquals(Path.of("/srv/rec"), body("storage: {local: {root: /srv/rec}}").localStorageRoot());
    }

    @Test
    void exampleConfigLoadsToExactlyTheDefaults() throws ConfigException {
        assertTrue(Files.isRegularFile(EXAMPLE_CONFIG), "missing " + EXAMPLE_CONFIG.toAbsolutePath());
        EgressConfig fromFile = ConfigLoader.load(EXAMPLE_CONFIG.toString(), Map.of(), TestStorage.BACKENDS);
        EgressConfig defaults = ConfigLoader.load(null, Map.of(), TestStorage.BACKENDS);
        assertEquals(TREE.valueToTree(defaults), (JsonNode) TREE.valueToTree(fromFile));
    }

    @Test
    void exampleConfigDocumentsEveryKey() throws IOException {
        EgressConfig everySection = new EgressConfig();
        everySection.backup = new StorageConfig();
        String example = Files.readString(EXAMPLE_CONFIG);

        Set<String> undocumented = new TreeSet<>();
        collectKeys(SNAKE_CASE_TREE.valueToTree(everySection), "", key -> {
            String name = key.substring(key.lastIndexOf('.') + 1);
            if (!Pattern.compile("^[ #]*" + Pattern.quote(name) + ":", Pattern.MULTILINE).matcher(example).find()) {
                undocumented.add(key);
            }
        });
        assertEquals(Set.of(), undocumented);
    }

    @Test
    void emptyDocumentsMeanDefaults() throws ConfigException {
        JsonNode defaults = TREE.valueToTree(ConfigLoader.load(null, Map.of(), TestStorage.BACKENDS));
        for (String empty : new String[] {"", "# only a comment\n", "---\n", "~\n"}) {
            assertEquals(defaults, TREE.valueToTree(body(empty)), "document: " + empty);
        }
    }

    @Test
    void emptyKeysKeepTheirDefaults() throws ConfigException {
        EgressConfig config = body("""
                redis:
                logging:
                chrome_flags:
                api_key:
                """);
        assertEquals("info", config.logging.level);
        assertEquals(2, config.redis.maxRedirects);
        assertTrue(config.chromeFlags.isEmpty());
        assertEquals("", config.apiKey);
    }

    @Test
    void zeroMeansDefaultWhereUpstreamSaysSo() throws ConfigException {
        EgressConfig config = body("""
                template_port: 0
                io_workers: 0
                io_create_timeout: 0
                cpu_cost:
                  room_composite_cpu_cost: 0
                  audio_room_composite_cpu_cost: 2
                  memory_cost: 1.5
                  memory_source: ""
                latency:
                  pipeline_latency: 0s
                storage:
                  s3:
                    bucket: b
                    max_retries: 0
                """);
        assertEquals(7980, config.templatePort);
        assertEquals(5, config.ioWorkers);
        assertEquals(Duration.ofSeconds(15), config.ioCreateTimeout);
        assertEquals(4, config.cpuCost.roomCompositeCpuCost);
        assertEquals(2, config.cpuCost.sdkAudioRoomCompositeCpuCost, "follows audio_room_composite_cpu_cost");
        assertEquals(1.5, config.cpuCost.sdkAudioRoomCompositeMemoryCost, "follows memory_cost");
        assertEquals("proc_rss", config.cpuCost.memorySource);
        assertEquals(Duration.ofSeconds(3), config.latency.pipelineLatency);
    }

    @Test
    void bindsEveryKindOfValue() throws ConfigException {
        EgressConfig config = body("""
                api_key: key
                template_base: https://templates.example/
                chrome_flags:
                  disable-gpu: true
                  proxy-server: http://proxy:3128
                  window-size: 1920,1080
                redis:
                  cluster_addresses: [a:6379, b:6379]
                  tls: {enabled: true, server_name: redis.internal}
                logging: {level: debug, component_levels: {pipeline: warn}}
                session_limits: {file_output_max_size: 5000000000}
                storage:
                  prefix: rec/
                  s3:
                    bucket: b
                    metadata: {team: media}
                    proxy_config: {url: http://proxy:3128}
                  local: {root: /data}
                backup:
                  gcp: {bucket: spare, proxy: {url: http://p}}
                latency_overrides:
                  web: {pipeline_latency: 4s}
                debug: {enable_chrome_logging: true, s3: {bucket: dbg}}
                test_overrides: {failure_injection_room: fail}
                """);
        assertEquals("key", config.apiKey);
        assertEquals("https://templates.example/", config.templateBase);
        assertEquals(Map.of("disable-gpu", "true", "proxy-server", "http://proxy:3128", "window-size", "1920,1080"),
                config.chromeFlags);
        assertEquals(2, config.redis.clusterAddresses.size());
        assertTrue(config.redis.tls.enabled);
        assertEquals("debug", config.logging.level);
        assertEquals("warn", config.logging.componentLevels.get("pipeline"));
        assertEquals(5_000_000_000L, config.sessionLimits.fileOutputMaxSize);
        assertEquals("rec/", config.storage.prefix);
        assertEquals("media", flat(config.storage).get("metadata.team"));
        assertEquals("http://proxy:3128", flat(config.storage).get("proxy_config.url"));
        assertEquals("spare", flat(config.backup).get("bucket"));
        assertEquals("http://p", flat(config.backup).get("proxy.url"));
        assertEquals("recordings", config.backup.local.root);
        assertEquals(Duration.ofSeconds(4), config.latencyOverrides.get("web").pipelineLatency);
        assertEquals(Duration.ofSeconds(2), config.latencyOverrides.get("web").jitterBufferLatency);
        assertTrue(config.debug.enableChromeLogging);
        assertEquals("dbg", flat(config.debug).get("bucket"));
        assertEquals("fail", config.testOverrides.failureInjectionRoom);
    }

    @Test
    void yesAndNoAreBooleansOnlyInBooleanKeys() throws ConfigException {
        EgressConfig config = body("""
                insecure: yes
                enable_chrome_sandbox: on
                debug: {enable_profiling: no}
                redis: {password: no}
                storage: {s3: {metadata: {country: NO}}}
                """);
        assertTrue(config.insecure);
        assertTrue(config.enableChromeSandbox);
        assertFalse(config.debug.enableProfiling);
        assertEquals("no", config.redis.password);
        assertEquals("NO", flat(config.storage).get("metadata.country"));
    }

    private static void collectKeys(JsonNode node, String prefix, Consumer<String> keys) {
        node.properties().forEach(field -> {
            String key = prefix + field.getKey();
            keys.accept(key);
            collectKeys(field.getValue(), key + ".", keys);
        });
    }

    /** The backend section of a storage config as the core hands it on: flat keys, as written. */
    private static Map<String, String> flat(UploadConfig upload) {
        return upload.section("storage").orElseThrow().flat();
    }

    private static EgressConfig body(String yaml) throws ConfigException {
        return ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, yaml), TestStorage.BACKENDS);
    }
}
