package io.egress4j.core.storage;

import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;

/**
 * Where an egress stores its artifacts: a backend (the {@code egress.storage} name of an uploader plugin), its
 * checked settings, the config's path prefix, and whether locations are reported as presigned URLs
 * ({@code generate_presigned_url}).
 */
public record StorageTarget(String backend, StorageSettings settings, String prefix, boolean presign) {

    public static final String LOCAL = "local";

    public StorageTarget {
        prefix = prefix == null ? "" : prefix;
    }

    /** A target whose locations are reported as they are. */
    public StorageTarget(String backend, StorageSettings settings, String prefix) {
        this(backend, settings, prefix, false);
    }

    /** The path on the backend: the prefix, then the output's own path. */
    public String path(String storagePath) {
        if (prefix.isEmpty()) {
            return storagePath;
        }
        return prefix.endsWith("/") || storagePath.startsWith("/") ? prefix + storagePath : prefix + "/" + storagePath;
    }

    /** Whether the backend is given an {@code endpoint} of its own (an S3-compatible service, a private region). */
    public boolean customEndpoint() {
        return settings.declared().stream().filter(setting -> setting.name().equals("endpoint"))
                .anyMatch(setting -> !settings.get(setting).isEmpty());
    }

    /**
     * A name for messages: the backend and its first declared setting (by convention where artifacts go: bucket,
     * container, directory) when that is set and not secret.
     */
    public String describe() {
        return settings.declared().stream().findFirst()
                .filter(first -> !first.secret() && first.kind() == StorageSetting.Kind.VALUE)
                .map(settings::get).filter(value -> !value.isEmpty())
                .map(value -> backend + " (" + value + ")").orElse(backend);
    }
}
