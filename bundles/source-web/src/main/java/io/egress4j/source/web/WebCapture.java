package io.egress4j.source.web;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.Launch;
import io.egress4j.api.SourceRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A web page playing in Chromium on its own X display and audio sink: the display is captured with ximagesrc, the
 * sink's monitor with pulsesrc. Every part started is closed again, in reverse order, on close or on a failed start.
 */
final class WebCapture implements Capture {

    /**
     * Chromium's audio reaches the PulseAudio monitor later than its frames reach the screen: by a median of
     * about {@value #AUDIO_LATENCY_MS} ms in the room composite sync test (flash and beep sent together by the
     * simulator). The core delays the video by as much.
     */
    private static final long AUDIO_LATENCY_MS = 80;
    private static final System.Logger LOG = System.getLogger(WebCapture.class.getName());

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private String videoElements;
    private String audioElements;

    /**
     * Opens {@code request}'s page in {@code prestarted} when it fits the request, else in a session started now
     * (closing the prestarted one).
     */
    static WebCapture open(SourceRequest request, CaptureEvents events, ClassLoader bundleLoader,
                           BrowserSession prestarted) throws EgressException {
        WebCapture capture = new WebCapture();
        try {
            BrowserSession session;
            if (prestarted != null && prestarted.fits(request)) {
                LOG.log(System.Logger.Level.INFO, "the page opens in the browser started ahead");
                session = capture.own(prestarted);
            } else {
                if (prestarted != null) {
                    LOG.log(System.Logger.Level.INFO, "the browser started ahead does not fit this request (screen"
                            + " size, browser options or audio); starting another");
                    prestarted.close();
                }
                session = capture.own(BrowserSession.start(request, bundleLoader));
            }
            capture.start(session, request, events, bundleLoader);
            return capture;
        } catch (EgressException | RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    private void start(BrowserSession session, SourceRequest request, CaptureEvents events,
                       ClassLoader bundleLoader) throws EgressException {
        if (request.video() != null) {
            videoElements = "ximagesrc display-name=" + session.display().display()
                    + " use-damage=false show-pointer=false do-timestamp=true";
        }
        if (request.audio()) {
            AudioSink sink = session.sink();
            audioElements = "pulsesrc server=" + Launch.quote(sink.server()) + " device="
                    + Launch.quote(sink.sinkName() + ".monitor") + " client-name=egress4j do-timestamp=true";
        }
        // Selenium finds its command handlers through the context class loader: it must be this bundle's.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            session.browser().open(request.url());
            ConsoleWatcher watcher = own(new ConsoleWatcher(session.browser(), events, request.awaitStartSignal(),
                    bundleLoader));
            watcher.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (!request.awaitStartSignal()) {
            events.started();
        }
    }

    private <T extends AutoCloseable> T own(T part) {
        parts.push(part);
        return part;
    }

    @Override
    public Optional<String> videoElements() {
        return Optional.ofNullable(videoElements);
    }

    @Override
    public Optional<String> audioElements() {
        return Optional.ofNullable(audioElements);
    }

    @Override
    public Duration audioLatency() {
        return Duration.ofMillis(AUDIO_LATENCY_MS);
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.getLogger(WebCapture.class.getName()).log(System.Logger.Level.WARNING,
                        "while closing the web capture: " + e);
            }
        }
    }
}
