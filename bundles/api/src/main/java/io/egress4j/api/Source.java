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

    /**
     * Called at most once, in a process booted ahead of its egress (a spare handler) before any request is known: a
     * source may start what its egresses need before their page or room (a display, an audio sink, a browser on a
     * blank page), for {@link #open} to take over when the request fits {@code likely}. What open does not take over
     * the source closes, at that open or when its component stops. Does nothing by default.
     *
     * @param likely the node's settings and the default request: default video size, audio, no page yet
     */
    default void prestart(SourceRequest likely) throws EgressException {
    }
}
