package io.egress4j.api;

import java.nio.file.Path;

/**
 * What one egress asks of its source.
 *
 * @param egressId         the egress this capture belongs to; also names per-job resources such as audio sinks
 * @param workDir          a private directory the source may use and must not leave anything important in
 * @param url              the page to open (web and room-composite sources)
 * @param video            the raw video to capture, or {@code null} for audio-only egress
 * @param audio            whether to capture audio
 * @param awaitStartSignal hold {@link CaptureEvents#started()} until the page logs {@code START_RECORDING}
 * @param browser          how to run the browser, for sources that run one; {@code null} otherwise
 */
public record SourceRequest(String egressId, Path workDir, String url, VideoFormat video, boolean audio,
                            boolean awaitStartSignal, BrowserOptions browser) {
}
