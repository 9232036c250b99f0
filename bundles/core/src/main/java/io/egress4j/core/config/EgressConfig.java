package io.egress4j.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.egress4j.api.BrowserOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The egress YAML config (upstream's {@code ServiceConfig}), bound key for key: {@code api_key} is {@link #apiKey}.
 * Field initializers hold upstream's effective defaults. Obtain instances through {@link ConfigLoader}, which also
 * applies the defaults that depend on other keys and rejects invalid values.
 */
public class EgressConfig {

    // required in worker mode; the loader falls back to LIVEKIT_API_KEY, LIVEKIT_API_SECRET and LIVEKIT_WS_URL
    public String apiKey = "";
    public String apiSecret = "";
    public String wsUrl = "";
    public RedisConfig redis = new RedisConfig();
    public AdminConfig admin = new AdminConfig();
    public WebhookConfig webhook = new WebhookConfig();

    public LoggingConfig logging = new LoggingConfig();

    /** HTTP health check port; 0 = off. */
    public int healthPort = 0;
    /** Port serving the built-in room composite templates. */
    public int templatePort = 7980;
    /** Prometheus metrics port; 0 = off. */
    public int prometheusPort = 0;
    /** Debug HTTP handler port; 0 = off. */
    public int debugHandlerPort = 0;
    /** Base URL of the room composite templates; empty = the built-in templates, served by the recording process. */
    public String templateBase = "";
    /** Cluster this node belongs to; it is the topic StartEgress requests are received on. */
    public String clusterId = "";
    public boolean enableChromeSandbox = false;
    /** Upload queue length, in minutes of output. */
    public int maxUploadQueue = 60;
    /** Reject requests that have no upload config instead of writing to local storage. */
    public boolean disallowLocalStorage = false;
    public Duration ioCreateTimeout = Duration.ofSeconds(15);
    public Duration ioUpdateTimeout = Duration.ofSeconds(30);
    /** Affinity stage timeout of IO RPCs; zero = the RPC library's default. */
    public Duration ioSelectionTimeout = Duration.ZERO;
    public int ioWorkers = 5;

    public SessionLimits sessionLimits = new SessionLimits();
    public StorageConfig storage = new StorageConfig();
    /** Where uploads go when the primary storage fails; null = no backup. */
    public StorageConfig backup = null;
    /**
     * Top-level keys that storage plugins declare for the operator (e.g. {@code s3_assume_role_key}); they reach the
     * plugin with every request's upload settings. Any other unknown key is refused when the config is loaded.
     */
    private final Map<String, String> operatorSettings = new LinkedHashMap<>();

    /**
     * How long the work folder (logs) of an egress that did not complete is kept before the worker removes it; zero
     * keeps them. A folder holding a recording that could not be stored is never removed.
     */
    public Duration workDirRetention = Duration.ofHours(24);
    /** Address the health and Prometheus ports listen on; empty = every interface, as upstream. */
    public String bindAddress = "";
    /**
     * Networks (CIDR) the URLs of requests may point at: web pages, stream and websocket URLs. Empty: any address
     * but link-local ones (cloud metadata services), which are refused always.
     */
    public List<String> allowedNetworks = new ArrayList<>();
    /** Let Chrome connect to an insecure websocket. */
    public boolean insecure = false;
    public DebugConfig debug = new DebugConfig();
    /**
     * Extra Chrome command-line flags, name to value. YAML booleans and numbers arrive as their text ({@code true}
     * means a bare switch, {@code false} leaves the flag out, as upstream's Chrome launcher does); an empty value
     * arrives as "".
     */
    public Map<String, String> chromeFlags = new LinkedHashMap<>();
    public LatencyConfig latency = new LatencyConfig();
    /** Experimental per-request-type latencies, keyed by request type (room_composite, web, track, ...). */
    public Map<String, LatencyConfig> latencyOverrides = new LinkedHashMap<>();
    /** x264 encoder threads; 0 = x264 picks. */
    public int videoEncoderThreads = 0;
    public boolean enableOneShotSenderReportSync = false;
    public boolean enableSyncEngine = false;
    public AudioTempoController audioTempoController = new AudioTempoController();
    public TestOverrides testOverrides = new TestOverrides();
    /** Seconds a leaked pulse sink stays orphaned before it is unloaded; negative = never unload. */
    public int pulseSinkReapGraceSec = 30;
    public CpuCostConfig cpuCost = new CpuCostConfig();
    public HandlersConfig handlers = new HandlersConfig();

    /** How egresses of this node run Chromium (insecure, chrome_flags, enable_chrome_sandbox). */
    public BrowserOptions browserOptions() {
        return new BrowserOptions(insecure, enableChromeSandbox, chromeFlags);
    }

    @JsonAnySetter
    void operatorSetting(String key, Object value) {
        operatorSettings.put(key, value == null ? "" : String.valueOf(value));
    }

    public Map<String, String> operatorSettings() {
        return operatorSettings;
    }

    /** As the config prints: an operator setting left empty is the same as one not written. */
    @JsonAnyGetter
    Map<String, String> setOperatorSettings() {
        Map<String, String> set = new LinkedHashMap<>(operatorSettings);
        set.values().removeIf(String::isEmpty);
        return set;
    }

    /** The directory local storage is confined to, absolute and normalized ({@code storage.local.root}). */
    public Path localStorageRoot() {
        return Path.of(storage.local.root).toAbsolutePath().normalize();
    }

    /** {@code session_limits}: zero = unlimited. */
    public static class SessionLimits {
        public Duration fileOutputMaxDuration = Duration.ZERO;
        /** Bytes of temporary output after which a file egress ends with LIMIT_REACHED. */
        public long fileOutputMaxSize = 0;
        public Duration streamOutputMaxDuration = Duration.ZERO;
        public Duration segmentOutputMaxDuration = Duration.ZERO;
        public Duration imageOutputMaxDuration = Duration.ZERO;
    }

    /** {@code latency}: GStreamer latencies; changing them may break the pipelines. */
    public static class LatencyConfig {
        public Duration jitterBufferLatency = Duration.ofSeconds(2);
        /** Must stay above the jitter buffer latency. */
        public Duration audioMixerLatency = Duration.ofMillis(2750);
        public Duration pipelineLatency = Duration.ofSeconds(3);
        /** Packets older than this are dropped by the synchronizer. */
        public Duration oldPacketThreshold = Duration.ofMillis(2200);
    }

    /** {@code audio_tempo_controller}: stretches audio slightly to compensate for timestamp drift. */
    public static class AudioTempoController {
        public boolean enabled = false;
        /** In (0, 0.2]. */
        public double adjustmentRate = 0.05;
    }

    /** {@code test_overrides}: failure injection used by the test suite. */
    public static class TestOverrides {
        /** Fail egresses whose room name contains this text. */
        public String failureInjectionRoom = "";
        /** Simulate one retryable room disconnect for rooms whose name contains this text. */
        public String disconnectInjectionRoom = "";
    }
}
