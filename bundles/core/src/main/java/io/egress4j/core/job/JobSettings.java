package io.egress4j.core.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a job takes from the service configuration.
 *
 * @param workDir          private temporary directory of this egress
 * @param storageBackend   name of the uploader that stores the artifacts ("local" until cloud storage exists)
 * @param storageSettings  that backend's settings
 * @param sourceOptions    options handed to the source (browser flags and the like)
 * @param encoderThreads   x264/vp8 threads, 0 = encoder default
 * @param sessionLimit     the longest the egress may record, {@link Duration#ZERO} for no limit (LIMIT_REACHED)
 */
public record JobSettings(Path workDir, String storageBackend, Map<String, String> storageSettings,
                          Map<String, String> sourceOptions, int encoderThreads, Duration sessionLimit) {

    public JobSettings {
        storageSettings = Map.copyOf(storageSettings);
        sourceOptions = Map.copyOf(sourceOptions);
    }
}
