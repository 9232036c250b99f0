package io.egress4j.output.segments;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the event playlist is uploaded after a segment, as upstream does it. Every segment adds about 100 bytes to
 * the playlist, so a long recording would upload megabytes per segment; instead the playlist goes up
 * <ul>
 *   <li>as long as no upload has succeeded yet (so after the first segment);</li>
 *   <li>after every N-th segment, N being the whole hours since the output started plus one (every segment during
 *       the first hour, every second one during the second, ...);</li>
 *   <li>and whenever more than a minute has passed since the last successful upload.</li>
 * </ul>
 * The live playlist is small and goes up after every segment; both go up at the end whatever this says.
 *
 * <p>Thread-safe.
 */
public final class PlaylistUploadCadence {

    /** An upload at least this often, whatever the segment count says. */
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final Instant start;
    private Instant lastUpload;

    /** @param start when the output started (the wall clock of its first sample) */
    public PlaylistUploadCadence(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /**
     * @param segmentCount the number of segments in the playlist now, the one just added included
     * @param now          the wall clock
     */
    public synchronized boolean shouldUpload(long segmentCount, Instant now) {
        if (lastUpload == null) {
            return true;
        }
        if (segmentCount % everyNthSegment(now) == 0) {
            return true;
        }
        return Duration.between(lastUpload, now).compareTo(MAX_INTERVAL) > 0;
    }

    /** Records a successful upload; failed uploads are not recorded, so the next segment tries again sooner. */
    public synchronized void uploaded(Instant at) {
        lastUpload = Objects.requireNonNull(at, "at");
    }

    /** N: whole hours since the start, plus one. A clock that went back counts as the first hour. */
    public long everyNthSegment(Instant now) {
        Duration elapsed = Duration.between(start, now);
        return elapsed.isNegative() ? 1 : elapsed.dividedBy(HOUR) + 1;
    }
}
