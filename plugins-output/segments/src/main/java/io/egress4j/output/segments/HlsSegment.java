package io.egress4j.output.segments;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored segment as a playlist lists it.
 *
 * @param uri      the segment's name relative to the playlist, e.g. {@code seg_00000.ts}
 * @param start    wall clock of the segment's first sample ({@code #EXT-X-PROGRAM-DATE-TIME})
 * @param duration the segment's media duration ({@code #EXTINF})
 */
public record HlsSegment(String uri, Instant start, Duration duration) {

    public HlsSegment {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        if (uri.isEmpty() || uri.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a segment URI must be one non-empty line: " + uri);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative segment duration " + duration);
        }
    }
}
