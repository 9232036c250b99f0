package io.egress4j.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one egress asks of an output.
 *
 * @param egressId  the egress this output belongs to
 * @param localFile where the output writes (for file outputs the recording itself)
 * @param format    the container to produce
 * @param options   output-specific settings
 */
public record OutputRequest(String egressId, Path localFile, FileFormat format, Map<String, String> options) {

    public OutputRequest {
        options = Map.copyOf(options);
    }
}
