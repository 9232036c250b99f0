package io.egress4j.api;

import java.nio.file.Path;

/**
 * What one egress asks of an output.
 *
 * @param egressId  the egress this output belongs to
 * @param workDir   a private directory for files the output produces before they are stored
 * @param artifacts where the output stores what it finishes while the egress runs
 * @param options   the settings of this output kind
 */
public record OutputRequest(String egressId, Path workDir, ArtifactSink artifacts, OutputOptions options) {

    /**
     * The options as the kind an output expects.
     *
     * @throws EgressException INTERNAL when the core opened the output with another kind's options
     */
    public <O extends OutputOptions> O options(Class<O> kind) throws EgressException {
        if (!kind.isInstance(options)) {
            throw new EgressException(EgressException.Code.INTERNAL, "an output taking " + kind.getSimpleName()
                    + " was opened with " + options.getClass().getSimpleName());
        }
        return kind.cast(options);
    }
}
