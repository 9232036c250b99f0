package io.egress4j.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of the egress YAML that {@code egress serve} reads itself (the worker it runs reads the same file, and
 * checks every other key): the API key pair, {@code ws_url} (the LiveKit server UpdateLayout goes through),
 * {@code admin} and {@code webhook}. LIVEKIT_API_KEY, LIVEKIT_API_SECRET and LIVEKIT_WS_URL stand in for missing
 * keys, as for the worker.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class ServeConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String apiKey = "";
    public String apiSecret = "";
    public String wsUrl = "";
    public String clusterId = "";
    /** The worker's health port, where the console reads its admission capacity. */
    public int healthPort = 0;
    public Admin admin = new Admin();
    public Webhook webhook = new Webhook();
    public Map<String, Object> redis = Map.of();
    public Map<String, Object> storage = Map.of();

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Admin {
        public int port = 0;
        public String bindAddress = "127.0.0.1";
        public String recordsDir = "egress-records";
        /** Custom room composite templates the console offers, name to base URL. */
        public Map<String, String> templates = Map.of();
        /** Console users besides the API keys. */
        public List<User> users = List.of();
    }

    /** A console user: a name and the output of {@code egress hash-password}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class User {
        public String name = "";
        public String passwordHash = "";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Webhook {
        public String apiKey = "";
        public List<String> urls = List.of();
    }

    /** The key that signs the configured webhooks: {@code webhook.api_key}, else {@code api_key}. */
    String webhookKey() {
        return webhook.apiKey.isEmpty() ? apiKey : webhook.apiKey;
    }

    /** Reads {@code file}; the message of a failure names the file and what is wrong. */
    static ServeConfig load(Path file, Map<String, String> environment) throws IOException {
        ServeConfig config;
        try {
            config = YAML.readValue(Files.readString(file), ServeConfig.class);
        } catch (MismatchedInputException e) {
            throw new IOException(file + ": " + e.getOriginalMessage(), e);
        }
        if (config == null) {
            config = new ServeConfig();
        }
        if (config.admin.templates == null) {
            config.admin.templates = Map.of();
        }
        if (config.admin.users == null) {
            config.admin.users = List.of();
        }
        if (config.apiKey.isEmpty()) {
            config.apiKey = environment.getOrDefault("LIVEKIT_API_KEY", "");
        }
        if (config.apiSecret.isEmpty()) {
            config.apiSecret = environment.getOrDefault("LIVEKIT_API_SECRET", "");
        }
        if (config.wsUrl.isEmpty()) {
            config.wsUrl = environment.getOrDefault("LIVEKIT_WS_URL", "");
        }
        return config;
    }

    /** {@code storage.local.root}, where this node's worker writes local files (its default: recordings). */
    String localStorageRoot() {
        Object local = storage == null ? null : storage.get("local");
        Object root = local instanceof Map<?, ?> settings ? settings.get("root") : null;
        return root == null || String.valueOf(root).isBlank() ? "recordings" : String.valueOf(root);
    }

    /** The console users' password hashes by name; a problem with one names the user and the key. */
    Map<String, String> consoleUsers() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (User user : admin.users) {
            String key = "admin.users[" + user.name + "].password_hash";
            if (user.name.isBlank()) {
                throw new IllegalArgumentException("admin.users: every user needs a name");
            }
            if (hashes.containsKey(user.name) || user.name.equals(apiKey)) {
                throw new IllegalArgumentException("admin.users: " + user.name + " is listed twice, or is an API key");
            }
            try {
                PasswordHash.requireWellFormed(user.passwordHash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
            hashes.put(user.name, user.passwordHash);
        }
        return hashes;
    }

    /** Whether {@code redis} names a server (an address, sentinels or cluster nodes), as the worker decides it. */
    boolean hasRedis() {
        return redis != null && (!String.valueOf(redis.getOrDefault("address", "")).isBlank()
                || isNonEmptyList(redis.get("sentinel_addresses")) || isNonEmptyList(redis.get("cluster_addresses")));
    }

    private static boolean isNonEmptyList(Object value) {
        return value instanceof List<?> list && !list.isEmpty();
    }
}
