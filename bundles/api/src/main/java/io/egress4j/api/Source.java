package io.egress4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Produces the raw media of one egress (a web page, a room composite, a participant, tracks). Implementations are
 * OSGi services registered with the property {@value #TYPE} naming the source type, e.g. {@code egress.source=web}.
 */
@ConsumerType
public interface Source {

    /** Service property that names the source type. */
    String TYPE = "egress.source";

    /**
     * Starts capturing. Returns once the source is ready to deliver media; {@link CaptureEvents#started()} tells when
     * recording should begin.
     */
    Capture open(SourceRequest request, CaptureEvents events) throws EgressException;
}
