package io.egress4j.media;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.ClockTime;

/**
 * Follows a recording's buffers: the media time they cover (earliest timestamp to latest end), and where that
 * timeline sits on the wall clock. The clock mapping is the median of (arrival − timestamp) over the first
 * buffers, not the first buffer's arrival alone: the first buffers leave a jitter buffer or a keyframe wait with
 * delays of their own, which would shift a file's start by a few hundred milliseconds. Gap fillers (flagged GAP,
 * made up after the fact) count for the span but not for the clock.
 */
final class MediaTimeSpan {

    private static final int CLOCK_SAMPLES = 150;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long[] arrivalMinusPts = new long[CLOCK_SAMPLES];
    private int samples;
    private long first = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;

    synchronized void add(ProbedBuffer buffer, Instant arrival) {
        long pts = buffer.pts();
        if (pts == ClockTime.NONE) {
            return;
        }
        long duration = buffer.duration();
        first = Math.min(first, pts);
        end = Math.max(end, pts + (duration == ClockTime.NONE ? 0 : duration));
        if (samples < CLOCK_SAMPLES && !buffer.has(BufferFlags.GAP)) {
            arrivalMinusPts[samples++] = arrival.getEpochSecond() * NANOS_PER_SECOND + arrival.getNano() - pts;
        }
    }

    synchronized Optional<RecordedMedia> recorded() {
        if (samples == 0) {
            return Optional.empty();
        }
        long[] sorted = Arrays.copyOf(arrivalMinusPts, samples);
        Arrays.sort(sorted);
        long start = sorted[samples / 2] + first;
        return Optional.of(new RecordedMedia(
                Instant.ofEpochSecond(start / NANOS_PER_SECOND, start % NANOS_PER_SECOND),
                Duration.ofNanos(end - first)));
    }
}
