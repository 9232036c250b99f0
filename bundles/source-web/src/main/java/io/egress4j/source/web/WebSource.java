package io.egress4j.source.web;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Records any web page: the source behind web and room composite egress. In a spare handler it starts the display,
 * audio sink and browser ahead of the request ({@link #prestart}), which the egress then takes over.
 */
@Component(property = Source.TYPE + "=" + WebSource.NAME)
public final class WebSource implements Source {

    /** The source's name, as egress types ask for it. */
    public static final String NAME = "web";

    private final AtomicReference<BrowserSession> prestarted = new AtomicReference<>();

    @Override
    public Capture open(SourceRequest request, CaptureEvents events) throws EgressException {
        return WebCapture.open(request, events, WebSource.class.getClassLoader(), prestarted.getAndSet(null));
    }

    @Override
    public void prestart(SourceRequest likely) throws EgressException {
        BrowserSession started = BrowserSession.start(likely, WebSource.class.getClassLoader());
        closeQuietly(prestarted.getAndSet(started));
    }

    @Deactivate
    void deactivate() {
        closeQuietly(prestarted.getAndSet(null));
    }

    private static void closeQuietly(BrowserSession session) {
        if (session != null) {
            session.close();
        }
    }
}
