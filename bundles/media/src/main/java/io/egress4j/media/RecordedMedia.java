package io.egress4j.media;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a recording sits on the wall clock, as its media timestamps place it.
 *
 * @param start  when its first media was received
 * @param length the media time it covers, as a player sees it (gaps included)
 */
public record RecordedMedia(Instant start, Duration length) {

    public Instant end() {
        return start.plus(length);
    }
}
