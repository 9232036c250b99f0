package io.egress4j.source.web;

import io.egress4j.api.BrowserOptions;
import io.egress4j.api.EgressException;
import io.egress4j.api.SourceRequest;
import io.egress4j.api.VideoFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * What a web capture records from: a private display, an audio sink (when audio is wanted) and Chromium. Started
 * with its request, or before it, on a blank page, in a spare handler ({@link WebSource#prestart}): then about
 * 2.5 s of the egress's start is done ahead, and the capture takes the session over when the request fits (same
 * screen, same browser options, audio if wanted).
 */
final class BrowserSession implements AutoCloseable {

    /** Chromium needs a display even for audio-only egress; this one is never captured. */
    private static final VideoFormat AUDIO_ONLY_SCREEN = new VideoFormat(1280, 720, 24, 30);

    private final VideoFormat screen;
    private final BrowserOptions options;
    private VirtualDisplay display;
    private AudioSink sink;
    private Browser browser;

    private BrowserSession(VideoFormat screen, BrowserOptions options) {
        this.screen = screen;
        this.options = options;
    }

    /** Starts the parts {@code request} needs; on a failure, closes what it started. */
    static BrowserSession start(SourceRequest request, ClassLoader bundleLoader) throws EgressException {
        BrowserSession warm = new BrowserSession(screenOf(request), request.browser());
        try {
            warm.display = VirtualDisplay.start(warm.screen.width(), warm.screen.height(), warm.screen.depth(),
                    request.workDir());
            Map<String, String> environment = new HashMap<>(Map.of("DISPLAY", warm.display.display()));
            if (request.audio()) {
                warm.sink = AudioSink.start(request.egressId(), request.workDir());
                environment.put("PULSE_SERVER", warm.sink.server());
                environment.put("PULSE_SINK", warm.sink.sinkName());
            }
            // Selenium finds its command handlers through the context class loader: it must be this bundle's.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(bundleLoader);
            try {
                warm.browser = Browser.start(BrowserSettings.from(request.browser(), warm.screen), environment,
                        request.workDir());
            } finally {
                thread.setContextClassLoader(previous);
            }
            return warm;
        } catch (EgressException | RuntimeException e) {
            warm.close();
            throw e;
        }
    }

    static VideoFormat screenOf(SourceRequest request) {
        return request.video() != null ? request.video() : AUDIO_ONLY_SCREEN;
    }

    /** Whether {@code request} can be served by this session: the same screen and browser options, audio if wanted. */
    boolean fits(SourceRequest request) {
        VideoFormat wanted = screenOf(request);
        return wanted.width() == screen.width() && wanted.height() == screen.height()
                && wanted.depth() == screen.depth() && options.equals(request.browser())
                && (sink != null || !request.audio());
    }

    VirtualDisplay display() {
        return display;
    }

    /** The audio sink, or null when the session was started without audio. */
    AudioSink sink() {
        return sink;
    }

    Browser browser() {
        return browser;
    }

    /** Closes the parts in reverse order (the browser must leave the display before Xvfb goes). */
    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {browser, sink, display}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.getLogger(BrowserSession.class.getName()).log(System.Logger.Level.WARNING,
                        "while closing the browser session: " + e);
            }
        }
    }
}
