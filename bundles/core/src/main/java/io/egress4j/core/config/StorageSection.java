package io.egress4j.core.config;

import io.egress4j.api.InvalidStorageSettingException;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backend's section of {@code storage}, {@code backup} or {@code debug} (e.g. {@code storage.s3}) as YAML gives
 * it, read against the settings the backend declares: nested mappings become dotted keys
 * ({@code proxy_config.url}, {@code metadata.team}), the way a request's upload block flattens.
 *
 * @param key     the section's dotted key, e.g. {@code storage.s3}
 * @param backend the backend it names, e.g. {@code s3}
 * @param tree    the section's values
 */
public record StorageSection(String key, String backend, Map<String, Object> tree) {

    /** A key of the section that its backend does not accept, or a required one it lacks. */
    record Problem(String key, String message) {
    }

    /**
     * @throws ConfigException naming the key at fault ({@code unknown key "storage.s3.bukket"})
     */
    public StorageSettings settings(List<StorageSetting> declared) throws ConfigException {
        try {
            return StorageSettings.of(declared, flat());
        } catch (InvalidStorageSettingException e) {
            throw new ConfigException(problem(e).message());
        }
    }

    /** What {@link #settings} would refuse, for the config loader (which adds the line and column). */
    Optional<Problem> check(List<StorageSetting> declared) {
        try {
            StorageSettings.of(declared, flat());
            return Optional.empty();
        } catch (InvalidStorageSettingException e) {
            return Optional.of(problem(e));
        }
    }

    private Problem problem(InvalidStorageSettingException e) {
        String field = key + "." + e.key();
        return e.missing() ? new Problem(key, "\"" + field + "\" must be set")
                : new Problem(field, "unknown key \"" + field + "\"");
    }

    Map<String, String> flat() {
        Map<String, String> settings = new LinkedHashMap<>();
        flatten(tree, "", settings);
        return settings;
    }

    private static void flatten(Map<String, ?> section, String prefix, Map<String, String> settings) {
        section.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> mapping = (Map<String, ?>) nested;
                flatten(mapping, prefix + name + ".", settings);
            } else {
                settings.put(prefix + name, value == null ? "" : String.valueOf(value));
            }
        });
    }
}
