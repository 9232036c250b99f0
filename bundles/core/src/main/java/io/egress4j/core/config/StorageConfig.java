package io.egress4j.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code storage} and {@code backup}: an upload target plus egress4j's additions: the local storage root, and
 * storage backends that plugins provide, configured under their {@code egress.storage} name.
 */
public class StorageConfig extends UploadConfig {
    public Local local = new Local();

    /**
     * Any other key names a plugin backend and holds its settings, e.g. {@code copy: {directory: /mnt/archive}}.
     * Whether such a plugin is running is checked when an egress starts, with an error naming the backend.
     */
    private final Map<String, Map<String, String>> pluginBackends = new LinkedHashMap<>();

    /** {@code local}: used when no upload provider is configured. */
    public static class Local {
        /** Directory local storage is confined to; relative = against the working directory. */
        public String root = "recordings";
    }

    @JsonAnySetter
    void pluginBackend(String name, Map<String, String> settings) {
        pluginBackends.put(name, settings == null ? Map.of() : new LinkedHashMap<>(settings));
    }

    @JsonAnyGetter
    public Map<String, Map<String, String>> pluginBackends() {
        return pluginBackends;
    }
}
