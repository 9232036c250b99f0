package io.egress4j.output.segments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventPlaylistTest {

    /** 2023-05-03T22:55:04.814142Z, the instant upstream's writer test starts at. */
    private static final Instant START = Instant.ofEpochSecond(0, 1_683_154_504_814_142_000L);

    @Test
    void writesTheEventPlaylistUpstreamWrites() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(6));
        Duration duration = Duration.ofMillis(5994);
        Instant start = START;
        for (int i = 0; i < 3; i++) {
            playlist.append(new HlsSegment("playlist_0000" + i + ".ts", start, duration));
            start = start.plus(duration);
        }
        playlist.close();

        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-ALLOW-CACHE:NO
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:04.814Z
                #EXTINF:5.994,
                playlist_00000.ts
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:10.808Z
                #EXTINF:5.994,
                playlist_00001.ts
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:16.802Z
                #EXTINF:5.994,
                playlist_00002.ts
                #EXT-X-ENDLIST
                """, playlist.render());
        assertEquals(3, playlist.segmentCount());
    }

    @Test
    void anEmptyPlaylistIsTheHeaderOnly() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));

        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-ALLOW-CACHE:NO
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                """, playlist.render());
        assertEquals(0, playlist.segmentCount());
    }

    @Test
    void growsBySegmentAndEndsOnlyWhenClosed() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        playlist.append(new HlsSegment("a_00000.ts", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofSeconds(4)));
        String first = playlist.render();

        assertTrue(first.endsWith("#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00.000Z\n#EXTINF:4.000,\na_00000.ts\n"),
                first);
        assertFalse(first.contains("ENDLIST"));

        playlist.append(new HlsSegment("a_00001.ts", Instant.parse("2024-01-01T00:00:04Z"), Duration.ofSeconds(4)));
        String second = playlist.render();
        assertTrue(second.startsWith(first), "an event playlist only grows");
        assertFalse(second.contains("ENDLIST"));

        playlist.close();
        playlist.close();
        assertTrue(playlist.isClosed());
        assertEquals(second + "#EXT-X-ENDLIST\n", playlist.render(), "closing twice ends it once");
        assertThrows(IllegalStateException.class, () -> playlist.append(
                new HlsSegment("a_00002.ts", Instant.parse("2024-01-01T00:00:08Z"), Duration.ofSeconds(4))));
    }

    @Test
    void programDateTimeStepsMatchExtinf() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        long[] nanos = {4_021_333_333L, 3_978_666_667L, 4_000_500_000L, 4_000_000_000L, 1_234_999_999L};
        Instant start = Instant.parse("2024-02-29T23:59:58.999600Z");
        for (int i = 0; i < nanos.length; i++) {
            playlist.append(new HlsSegment(String.format("s_%05d.ts", i), start, Duration.ofNanos(nanos[i])));
            start = start.plusNanos(nanos[i]);
        }

        List<Instant> dates = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        for (String line : playlist.render().split("\n")) {
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                dates.add(Instant.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length())));
            } else if (line.startsWith("#EXTINF:")) {
                durations.add(Double.parseDouble(line.substring("#EXTINF:".length(), line.length() - 1)));
            }
        }

        assertEquals(nanos.length, dates.size());
        assertEquals(nanos.length, durations.size());
        for (int i = 1; i < dates.size(); i++) {
            double stepMillis = Duration.between(dates.get(i - 1), dates.get(i)).toNanos() / 1e6;
            assertEquals(durations.get(i - 1) * 1000, stepMillis, 1.0, "segment " + (i - 1));
        }
    }

    @Test
    void formatsDatesInUtcWithThreeDigitsOfMilliseconds() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        playlist.append(new HlsSegment("x.ts", Instant.parse("2024-06-30T23:59:59.5Z"), Duration.ofSeconds(4)));
        playlist.append(new HlsSegment("y.ts", Instant.parse("2024-07-01T00:00:03.500999Z"), Duration.ofMillis(1)));

        String text = playlist.render();
        assertTrue(text.contains("#EXT-X-PROGRAM-DATE-TIME:2024-06-30T23:59:59.500Z\n"), text);
        assertTrue(text.contains("#EXT-X-PROGRAM-DATE-TIME:2024-07-01T00:00:03.500Z\n#EXTINF:0.001,\ny.ts\n"), text);
    }

    @ParameterizedTest(name = "[{index}] {0} ns -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4000000000  | 4.000
            5994000000  | 5.994
            4021333333  | 4.021
            4000500000  | 4.001
            4000499999  | 4.000
            0           | 0.000
            12345678901 | 12.346
            """)
    void formatsExtinfWithThreeDecimals(long nanos, String expected) {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(60));
        playlist.append(new HlsSegment("s.ts", START, Duration.ofNanos(nanos)));

        assertTrue(playlist.render().contains("\n#EXTINF:" + expected + ",\ns.ts\n"), playlist.render());
    }

    @ParameterizedTest(name = "[{index}] configured {0} ms -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4000  | 4
            6000  | 6
            2500  | 3
            1     | 1
            10000 | 10
            """)
    void theTargetDurationIsTheConfiguredSegmentDuration(long configuredMillis, long expected) {
        EventPlaylist playlist = new EventPlaylist(Duration.ofMillis(configuredMillis));

        assertEquals(expected, playlist.targetDuration());
        assertEquals(expected, playlist.configuredTargetDuration());
        assertTrue(playlist.render().contains("\n#EXT-X-TARGETDURATION:" + expected + "\n"));
    }

    @Test
    void segmentsThatRoundToTheTargetKeepIt() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        playlist.append(new HlsSegment("a.ts", START, Duration.ofMillis(4499)));
        playlist.append(new HlsSegment("b.ts", START.plusMillis(4499), Duration.ofMillis(3200)));

        assertEquals(4, playlist.targetDuration());
    }

    @Test
    void anOverrunningSegmentRaisesTheTargetToItsRoundedDuration() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        playlist.append(new HlsSegment("a.ts", START, Duration.ofMillis(4500)));
        assertEquals(5, playlist.targetDuration());

        playlist.append(new HlsSegment("b.ts", START.plusMillis(4500), Duration.ofMillis(6700)));
        playlist.append(new HlsSegment("c.ts", START.plusMillis(11200), Duration.ofSeconds(4)));
        assertEquals(7, playlist.targetDuration(), "never lowered again");
        assertTrue(playlist.render().contains("\n#EXT-X-TARGETDURATION:7\n"));
        assertEquals(4, playlist.configuredTargetDuration());
    }

    @Test
    void refusesNonPositiveSegmentDurations() {
        assertThrows(IllegalArgumentException.class, () -> new EventPlaylist(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new EventPlaylist(Duration.ofSeconds(-4)));
    }

    @Test
    void refusesSegmentsThatWouldBreakTheText() {
        assertThrows(IllegalArgumentException.class, () -> new HlsSegment("a\n#EXT-X-ENDLIST", START, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new HlsSegment("", START, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new HlsSegment("a.ts", START, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new HlsSegment("a.ts", null, Duration.ZERO));
    }

    @Test
    void bytesAreTheUtf8Text() {
        EventPlaylist playlist = new EventPlaylist(Duration.ofSeconds(4));
        playlist.append(new HlsSegment("späť_00000.ts", START, Duration.ofSeconds(4)));

        assertArrayEquals(playlist.render().getBytes(StandardCharsets.UTF_8), playlist.bytes());
    }
}
