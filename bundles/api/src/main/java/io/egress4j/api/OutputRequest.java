package io.egress4j.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one egress asks of an output.
 *
 * @param egressId  the egress this output belongs to
 * @param localFile where the output writes (for file outputs the recording itself)
 * @param format    the container to produce (file outputs)
 * @param options   output-specific settings (for segments: names, durations)
 * @param workDir   a private directory for files the output produces before they are stored
 * @param artifacts where the output stores what it finishes while the egress runs
 */
public record OutputRequest(String egressId, Path localFile, FileFormat format, Map<String, String> options,
                            Path workDir, ArtifactSink artifacts) {

    public OutputRequest {
        options = Map.copyOf(options);
    }
}
