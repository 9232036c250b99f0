package io.egress4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns the encoded media of an egress into one kind of output (file, segments, stream, images, websocket).
 * Implementations are OSGi services registered with the property {@value #KIND}, e.g. {@code egress.output=file}.
 */
@ConsumerType
public interface Output {

    /** Service property that names the output kind. */
    String KIND = "egress.output";

    OutputBranch open(OutputRequest request) throws EgressException;
}
