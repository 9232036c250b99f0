package io.egress4j.api;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A running source for one egress. It hands the core GStreamer launch fragments that produce raw media; the core
 * appends conversion, encoding and outputs. Closing it tears down every process the source started.
 */
@ConsumerType
public interface Capture extends AutoCloseable {

    /** A launch fragment ending in raw video ({@code video/x-raw}), or empty when there is no video. */
    Optional<String> videoElements();

    /** A launch fragment ending in raw audio ({@code audio/x-raw}), or empty when there is no audio. */
    Optional<String> audioElements();

    /**
     * How much later than its video the audio reaches this capture (a browser's audio output path, say). The core
     * delays the video by as much, so that the two line up in the recording.
     */
    default Duration audioLatency() {
        return Duration.ZERO;
    }

    @Override
    void close();
}
