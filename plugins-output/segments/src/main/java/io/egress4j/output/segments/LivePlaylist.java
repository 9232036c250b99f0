package io.egress4j.output.segments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The optional live HLS playlist: the last few segments only (5 by default, as upstream), no
 * {@code #EXT-X-PLAYLIST-TYPE}, and a {@code #EXT-X-MEDIA-SEQUENCE} that counts the segments that slid out:
 * <pre>
 * #EXTM3U
 * #EXT-X-VERSION:4
 * #EXT-X-ALLOW-CACHE:NO
 * #EXT-X-TARGETDURATION:4
 * #EXT-X-MEDIA-SEQUENCE:3
 * #EXT-X-PROGRAM-DATE-TIME:...
 * #EXTINF:4.000,
 * seg_00003.ts
 * ...
 * #EXT-X-ENDLIST        (once closed)
 * </pre>
 * It is rewritten and uploaded after every segment. {@code #EXT-X-TARGETDURATION} follows the same rule as
 * {@link EventPlaylist}: the configured duration, raised only by a segment that overruns it.
 *
 * <p>Thread-safe.
 */
public final class LivePlaylist {

    /** Upstream's window. */
    public static final int DEFAULT_WINDOW = 5;

    private final int window;
    private final Deque<String> entries = new ArrayDeque<>();
    private long targetDuration;
    private long mediaSequence;
    private boolean closed;

    /** With the {@linkplain #DEFAULT_WINDOW default window}. */
    public LivePlaylist(Duration segmentDuration) {
        this(segmentDuration, DEFAULT_WINDOW);
    }

    /** @param window how many segments the playlist lists, at least 1 */
    public LivePlaylist(Duration segmentDuration, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the live window must hold at least one segment: " + window);
        }
        this.window = window;
        targetDuration = PlaylistText.configuredTarget(segmentDuration);
    }

    /** @throws IllegalStateException once closed */
    public synchronized void append(HlsSegment segment) {
        if (closed) {
            throw new IllegalStateException("the playlist is closed");
        }
        StringBuilder entry = new StringBuilder(96);
        PlaylistText.segment(entry, segment);
        entries.addLast(entry.toString());
        while (entries.size() > window) {
            entries.removeFirst();
            mediaSequence++;
        }
        targetDuration = Math.max(targetDuration, PlaylistText.roundedSeconds(segment.duration()));
    }

    /** Ends the playlist ({@code #EXT-X-ENDLIST}) with its last window; closing again changes nothing. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** {@code #EXT-X-MEDIA-SEQUENCE}: the number of the first listed segment, counted from 0. */
    public synchronized long mediaSequence() {
        return mediaSequence;
    }

    /** How many segments are listed now (at most the window). */
    public synchronized int size() {
        return entries.size();
    }

    public int window() {
        return window;
    }

    public synchronized long targetDuration() {
        return targetDuration;
    }

    public synchronized String render() {
        StringBuilder text = new StringBuilder(160 + entries.size() * 96);
        PlaylistText.header(text, null, targetDuration);
        text.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        entries.forEach(text::append);
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
