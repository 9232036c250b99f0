package io.egress4j.core.storage;

import java.util.Map;

/**
 * Where an egress stores its artifacts: a backend (the {@code egress.storage} name of an uploader plugin), its
 * settings with upstream's key names, the config's path prefix, and whether locations are reported as presigned
 * URLs ({@code generate_presigned_url}).
 */
public record StorageTarget(String backend, Map<String, String> settings, String prefix, boolean presign) {

    public static final String LOCAL = "local";

    public StorageTarget {
        settings = Map.copyOf(settings);
        prefix = prefix == null ? "" : prefix;
    }

    /** A target whose locations are reported as they are. */
    public StorageTarget(String backend, Map<String, String> settings, String prefix) {
        this(backend, settings, prefix, false);
    }

    /** The path on the backend: the prefix, then the output's own path. */
    public String path(String storagePath) {
        if (prefix.isEmpty()) {
            return storagePath;
        }
        return prefix.endsWith("/") || storagePath.startsWith("/") ? prefix + storagePath : prefix + "/" + storagePath;
    }

    /** A name for messages: the backend and its bucket, container or root, never a credential. */
    public String describe() {
        for (String key : new String[] {"bucket", "container_name", "root", "directory"}) {
            String value = settings.get(key);
            if (value != null && !value.isEmpty()) {
                return backend + " (" + value + ")";
            }
        }
        return backend;
    }
}
