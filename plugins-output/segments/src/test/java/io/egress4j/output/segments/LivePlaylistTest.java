package io.egress4j.output.segments;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LivePlaylistTest {

    /** 2023-05-03T22:55:04.814142Z, the instant upstream's writer test starts at. */
    private static final Instant START = Instant.ofEpochSecond(0, 1_683_154_504_814_142_000L);
    private static final Duration STEP = Duration.ofMillis(5994);

    private static void appendSegments(LivePlaylist playlist, int from, int to) {
        for (int i = from; i < to; i++) {
            playlist.append(new HlsSegment(String.format("playlist_%05d.ts", i), START.plus(STEP.multipliedBy(i)),
                    STEP));
        }
    }

    @Test
    void listsTheWindowAndCountsWhatSlidOut() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofSeconds(6), 3);
        appendSegments(playlist, 0, 2);

        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-ALLOW-CACHE:NO
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:04.814Z
                #EXTINF:5.994,
                playlist_00000.ts
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:10.808Z
                #EXTINF:5.994,
                playlist_00001.ts
                """, playlist.render());

        appendSegments(playlist, 2, 4);
        playlist.close();

        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-ALLOW-CACHE:NO
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:1
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:10.808Z
                #EXTINF:5.994,
                playlist_00001.ts
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:16.802Z
                #EXTINF:5.994,
                playlist_00002.ts
                #EXT-X-PROGRAM-DATE-TIME:2023-05-03T22:55:22.796Z
                #EXTINF:5.994,
                playlist_00003.ts
                #EXT-X-ENDLIST
                """, playlist.render());
    }

    @Test
    void theDefaultWindowIsFiveSegments() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofSeconds(4));
        assertEquals(5, playlist.window());

        for (int i = 0; i < 12; i++) {
            appendSegments(playlist, i, i + 1);
            assertEquals(Math.min(i + 1, 5), playlist.size());
            assertEquals(Math.max(0, i + 1 - 5), playlist.mediaSequence());

            String text = playlist.render();
            assertTrue(text.contains("\n#EXT-X-MEDIA-SEQUENCE:" + playlist.mediaSequence() + "\n"), text);
            for (int listed = 0; listed <= i; listed++) {
                boolean inWindow = listed > i - 5;
                assertEquals(inWindow, text.contains(String.format("playlist_%05d.ts", listed)),
                        "segment " + listed + " after " + (i + 1));
            }
        }
    }

    @Test
    void hasNoPlaylistTypeAndEndsOnlyWhenClosed() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofSeconds(6));
        appendSegments(playlist, 0, 7);
        String open = playlist.render();

        assertFalse(open.contains("PLAYLIST-TYPE"), open);
        assertFalse(open.contains("ENDLIST"), open);
        assertTrue(open.startsWith("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-ALLOW-CACHE:NO\n#EXT-X-TARGETDURATION:6\n"
                + "#EXT-X-MEDIA-SEQUENCE:2\n"), open);

        playlist.close();
        playlist.close();
        assertTrue(playlist.isClosed());
        assertEquals(open + "#EXT-X-ENDLIST\n", playlist.render());
        assertThrows(IllegalStateException.class, () -> appendSegments(playlist, 7, 8));
    }

    @Test
    void anEmptyLivePlaylistIsTheHeaderOnly() {
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-ALLOW-CACHE:NO
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                """, new LivePlaylist(Duration.ofSeconds(4)).render());
    }

    @Test
    void aWindowOfOneListsTheLatestSegment() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofSeconds(6), 1);
        appendSegments(playlist, 0, 3);

        assertEquals(2, playlist.mediaSequence());
        assertTrue(playlist.render().endsWith("#EXTINF:5.994,\nplaylist_00002.ts\n"));
        assertFalse(playlist.render().contains("playlist_00001.ts"));
    }

    @Test
    void theTargetDurationFollowsTheEventPlaylistsRule() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofMillis(2500));
        assertEquals(3, playlist.targetDuration());

        playlist.append(new HlsSegment("a.ts", START, Duration.ofMillis(3400)));
        assertEquals(3, playlist.targetDuration());
        playlist.append(new HlsSegment("b.ts", START, Duration.ofMillis(3500)));
        assertEquals(4, playlist.targetDuration());
        assertTrue(playlist.render().contains("\n#EXT-X-TARGETDURATION:4\n"));
    }

    @Test
    void refusesAnEmptyWindowAndNonPositiveDurations() {
        assertThrows(IllegalArgumentException.class, () -> new LivePlaylist(Duration.ofSeconds(4), 0));
        assertThrows(IllegalArgumentException.class, () -> new LivePlaylist(Duration.ZERO));
    }

    @Test
    void bytesAreTheUtf8Text() {
        LivePlaylist playlist = new LivePlaylist(Duration.ofSeconds(4));
        appendSegments(playlist, 0, 2);

        assertArrayEquals(playlist.render().getBytes(StandardCharsets.UTF_8), playlist.bytes());
    }
}
