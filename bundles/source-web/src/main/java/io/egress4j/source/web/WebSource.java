package io.egress4j.source.web;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;
import org.osgi.service.component.annotations.Component;

/** Records any web page: the source behind web egress (and, later, room composite). */
@Component(property = Source.TYPE + "=" + WebSource.NAME)
public final class WebSource implements Source {

    /** The source's name, as egress types ask for it. */
    public static final String NAME = "web";

    @Override
    public Capture open(SourceRequest request, CaptureEvents events) throws EgressException {
        return WebCapture.open(request, events, WebSource.class.getClassLoader());
    }
}
