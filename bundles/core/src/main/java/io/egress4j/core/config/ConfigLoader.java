package io.egress4j.core.config;

import io.egress4j.api.Uploader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads the egress config the way upstream finds it: the {@code --config} path, else the file named by
 * EGRESS_CONFIG_FILE, else the YAML text in EGRESS_CONFIG_BODY, else no config (all defaults). Empty
 * {@code api_key}, {@code api_secret} and {@code ws_url} then fall back to LIVEKIT_API_KEY, LIVEKIT_API_SECRET and
 * LIVEKIT_WS_URL.
 */
public final class ConfigLoader {

    public static final String CONFIG_FILE_ENV = "EGRESS_CONFIG_FILE";
    public static final String CONFIG_BODY_ENV = "EGRESS_CONFIG_BODY";
    public static final String API_KEY_ENV = "LIVEKIT_API_KEY";
    public static final String API_SECRET_ENV = "LIVEKIT_API_SECRET";
    public static final String WS_URL_ENV = "LIVEKIT_WS_URL";

    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());

    private ConfigLoader() {
    }

    /**
     * @param configFile the {@code --config} path, or null/blank when not given
     * @param env        the process environment (pass {@code System.getenv()})
     * @return the config with every default applied and every value checked
     * @throws ConfigException naming the source, the dotted key and, when known, the line and column
     */
    public static EgressConfig load(String configFile, Map<String, String> env) throws ConfigException {
        return load(configFile, env, Map.of());
    }

    /**
     * As {@link #load(String, Map)}, also checking the storage sections and top-level keys that the running storage
     * plugins declare (an unknown {@code storage.s3.bukket} is refused here, with its line and column).
     *
     * @param storageBackends the storage plugins running now, by {@code egress.storage} name
     */
    public static EgressConfig load(String configFile, Map<String, String> env, Map<String, Uploader> storageBackends)
            throws ConfigException {
        ConfigSource source = select(configFile, env);
        EgressConfig config = YamlBinder.bind(source);
        config.apiKey = orEnv(config.apiKey, env, API_KEY_ENV);
        config.apiSecret = orEnv(config.apiSecret, env, API_SECRET_ENV);
        config.wsUrl = orEnv(config.wsUrl, env, WS_URL_ENV);
        ConfigCorrections.apply(config).forEach(warning -> LOG.log(System.Logger.Level.WARNING,
                source.describe(warning, null)));
        EffectiveDefaults.apply(config);
        List<ConfigValidator.Violation> violations = ConfigValidator.check(config, storageBackends);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations.stream()
                    .map(violation -> describe(violation, source))
                    .collect(Collectors.joining("\n")));
        }
        return config;
    }

    private static String describe(ConfigValidator.Violation violation, ConfigSource source) {
        return source.describe(violation.message(), source.locate(violation.key()).orElse(null));
    }

    private static ConfigSource select(String configFile, Map<String, String> env) throws ConfigException {
        if (isSet(configFile)) {
            return ConfigSource.file(configFile);
        }
        if (isSet(env.get(CONFIG_FILE_ENV))) {
            return ConfigSource.file(env.get(CONFIG_FILE_ENV));
        }
        if (isSet(env.get(CONFIG_BODY_ENV))) {
            return new ConfigSource(CONFIG_BODY_ENV, env.get(CONFIG_BODY_ENV));
        }
        return ConfigSource.none();
    }

    private static String orEnv(String value, Map<String, String> env, String name) {
        return value.isEmpty() && isSet(env.get(name)) ? env.get(name) : value;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
