package io.egress4j.output.segments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The pieces of text both playlists share. */
final class PlaylistText {

    static final String ENDLIST = "#EXT-X-ENDLIST\n";

    private static final DateTimeFormatter PROGRAM_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private PlaylistText() {
    }

    /**
     * The header up to and including {@code #EXT-X-TARGETDURATION}.
     *
     * @param playlistType {@code EVENT}, or null for none (live playlists)
     */
    static void header(StringBuilder text, String playlistType, long targetDuration) {
        text.append("#EXTM3U\n#EXT-X-VERSION:4\n");
        if (playlistType != null) {
            text.append("#EXT-X-PLAYLIST-TYPE:").append(playlistType).append('\n');
        }
        text.append("#EXT-X-ALLOW-CACHE:NO\n#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
    }

    /** {@code #EXT-X-PROGRAM-DATE-TIME} (UTC, milliseconds), {@code #EXTINF} (seconds, 3 decimals) and the URI. */
    static void segment(StringBuilder text, HlsSegment segment) {
        text.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(segment.start())).append('\n')
                .append("#EXTINF:").append(seconds(segment.duration()).setScale(3, RoundingMode.HALF_UP)
                        .toPlainString()).append(",\n")
                .append(segment.uri()).append('\n');
    }

    /**
     * The configured segment duration in whole seconds, rounded up (at least 1): what upstream writes as
     * {@code #EXT-X-TARGETDURATION}, its segment duration being a whole number of seconds.
     */
    static long configuredTarget(Duration segmentDuration) {
        if (segmentDuration.isNegative() || segmentDuration.isZero()) {
            throw new IllegalArgumentException("the segment duration must be positive: " + segmentDuration);
        }
        return Math.max(1, seconds(segmentDuration).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** A segment's duration rounded to the nearest second: RFC 8216 wants it at most the target duration. */
    static long roundedSeconds(Duration duration) {
        return seconds(duration).add(HALF).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    }
}
