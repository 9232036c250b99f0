package io.egress4j.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where files are uploaded: at most one backend section ({@code s3}, {@code azure}, {@code gcp}, {@code alioss}, or a
 * plugin's name); none = local storage. Shared by {@code storage}, {@code backup} and {@code debug}. The core reads
 * each section as a tree; the backend's plugin declares which keys it accepts, checked when the config is loaded (for
 * backends running then) and again whenever the section is used.
 */
public class UploadConfig {
    /** Prepended to every storage path. */
    public String prefix = "";
    /** Replace each output's location with a presigned GET URL, valid 7 days. */
    public boolean generatePresignedUrl = false;

    /** Any other key names a backend and holds its settings, e.g. {@code s3: {bucket: b}}. */
    private final Map<String, Map<String, Object>> backends = new LinkedHashMap<>();

    @JsonAnySetter
    void backend(String name, Map<String, Object> settings) {
        backends.put(name, settings == null ? Map.of() : new LinkedHashMap<>(settings));
    }

    @JsonAnyGetter
    public Map<String, Map<String, Object>> backends() {
        return backends;
    }

    /** The backend section in use, named with {@code key} ({@code storage}, {@code backup}, {@code debug}). */
    public Optional<StorageSection> section(String key) {
        return backends.entrySet().stream().findFirst()
                .map(backend -> new StorageSection(key + "." + backend.getKey(), backend.getKey(), backend.getValue()));
    }
}
