package io.egress4j.source.web;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.Launch;
import io.egress4j.api.SourceRequest;
import io.egress4j.api.VideoFormat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
    /** Chromium needs a display even for audio-only egress; this one is never captured. */
    private static final VideoFormat AUDIO_ONLY_SCREEN = new VideoFormat(1280, 720, 24, 30);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private String videoElements;
    private String audioElements;

    static WebCapture open(SourceRequest request, CaptureEvents events, ClassLoader bundleLoader) throws EgressException {
        WebCapture capture = new WebCapture();
        try {
            capture.start(request, events, bundleLoader);
            return capture;
        } catch (EgressException | RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    private void start(SourceRequest request, CaptureEvents events, ClassLoader bundleLoader) throws EgressException {
        VideoFormat screen = request.video() != null ? request.video() : AUDIO_ONLY_SCREEN;
        VirtualDisplay display = own(VirtualDisplay.start(screen.width(), screen.height(), screen.depth(),
                request.workDir()));
        Map<String, String> environment = new HashMap<>(Map.of("DISPLAY", display.display()));
        if (request.video() != null) {
            videoElements = "ximagesrc display-name=" + display.display()
                    + " use-damage=false show-pointer=false do-timestamp=true";
        }
        if (request.audio()) {
            AudioSink sink = own(AudioSink.start(request.egressId(), request.workDir()));
            environment.put("PULSE_SERVER", sink.server());
            environment.put("PULSE_SINK", sink.sinkName());
            audioElements = "pulsesrc server=" + Launch.quote(sink.server()) + " device="
                    + Launch.quote(sink.sinkName() + ".monitor") + " client-name=egress4j do-timestamp=true";
        }

        // Selenium finds its command handlers through the context class loader: it must be this bundle's.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            Browser browser = own(Browser.start(BrowserSettings.from(request.browser(), screen), environment,
                    request.workDir()));
            browser.open(request.url());
            ConsoleWatcher watcher = own(new ConsoleWatcher(browser, events, request.awaitStartSignal(),
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
