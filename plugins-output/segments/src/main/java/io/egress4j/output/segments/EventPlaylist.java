package io.egress4j.output.segments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The main HLS playlist of a segments output, an EVENT playlist that only grows:
 * <pre>
 * #EXTM3U
 * #EXT-X-VERSION:4
 * #EXT-X-PLAYLIST-TYPE:EVENT
 * #EXT-X-ALLOW-CACHE:NO
 * #EXT-X-TARGETDURATION:4
 * #EXT-X-MEDIA-SEQUENCE:0
 * #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:04.814Z
 * #EXTINF:4.000,
 * seg_00000.ts
 * ...
 * #EXT-X-ENDLIST        (once closed)
 * </pre>
 * A segment is appended once it is stored, in order; the text is rendered whenever it is to be uploaded.
 *
 * <p>{@code #EXT-X-TARGETDURATION} is the configured segment duration in whole seconds, as upstream writes it. A
 * segment that overruns it by half a second or more (a late keyframe) raises it to that segment's rounded
 * duration, so the playlist keeps RFC 8216's rule that no rounded {@code #EXTINF} exceeds the target.
 * {@code #EXT-X-PROGRAM-DATE-TIME} always has three digits of milliseconds (upstream drops trailing zeros).
 *
 * <p>Thread-safe.
 */
public final class EventPlaylist {

    private final long configuredTarget;
    private final StringBuilder segments = new StringBuilder();
    private long targetDuration;
    private int segmentCount;
    private boolean closed;

    /** @param segmentDuration the output's configured segment duration (upstream's default is 4 s) */
    public EventPlaylist(Duration segmentDuration) {
        configuredTarget = PlaylistText.configuredTarget(segmentDuration);
        targetDuration = configuredTarget;
    }

    /** @throws IllegalStateException once closed */
    public synchronized void append(HlsSegment segment) {
        if (closed) {
            throw new IllegalStateException("the playlist is closed");
        }
        PlaylistText.segment(segments, segment);
        targetDuration = Math.max(targetDuration, PlaylistText.roundedSeconds(segment.duration()));
        segmentCount++;
    }

    /** Ends the playlist ({@code #EXT-X-ENDLIST}); closing again changes nothing. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized int segmentCount() {
        return segmentCount;
    }

    /** The {@code #EXT-X-TARGETDURATION} the playlist has now. */
    public synchronized long targetDuration() {
        return targetDuration;
    }

    /** The configured segment duration in whole seconds, rounded up. */
    public long configuredTargetDuration() {
        return configuredTarget;
    }

    public synchronized String render() {
        StringBuilder text = new StringBuilder(segments.length() + 160);
        PlaylistText.header(text, "EVENT", targetDuration);
        text.append("#EXT-X-MEDIA-SEQUENCE:0\n").append(segments);
        if (closed) {
            text.append(PlaylistText.ENDLIST);
        }
        return text.toString();
    }

    /** {@link #render()} as UTF-8. */
    public byte[] bytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }
}
