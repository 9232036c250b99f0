package io.egress4j.core.naming;

import io.egress4j.api.NameValues;
import io.egress4j.api.EgressException;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.SegmentedFileSuffix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentNamingTest {

    /** 2022-10-04 01:13:06.789 in UTC+2: {time} is local. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2022, 10, 4, 1, 13, 6, 789_000_000,
            ZoneOffset.ofHours(2));
    private static final TemplateValues WEB = TemplateValues.of(NOW, NameValues.NONE, 0);
    private static final String TIME = "2022-10-04T011306";

    /** Upstream's TestSegmentNaming table: the six rows of the reference, then the four more upstream checks. */
    @ParameterizedTest(name = "[{index}] prefix \"{0}\", playlist \"{1}\", live \"{2}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''           | playlist    | ''                  | ''  | playlist.m3u8 | ''                  | playlist
            ''           | d/playlist  | d/live_playlist     | d/  | playlist.m3u8 | live_playlist.m3u8  | playlist
            filename     | ''          | live_playlist2.m3u8 | ''  | filename.m3u8 | live_playlist2.m3u8 | filename
            filename     | d/          | ''                  | d/  | filename.m3u8 | ''                  | filename
            d/filename   | playlist    | ''                  | d/  | playlist.m3u8 | ''                  | filename
            d2/filename  | d/playlist  | ''                  | d/  | playlist.m3u8 | ''                  | d2/filename
            filename     | playlist    | ''                  | ''  | playlist.m3u8 | ''                  | filename
            filename     | d/playlist  | ''                  | d/  | playlist.m3u8 | ''                  | filename
            d/           | playlist    | ''                  | d/  | playlist.m3u8 | ''                  | playlist
            d/filename   | d/playlist  | ''                  | d/  | playlist.m3u8 | ''                  | filename
            """)
    void followsUpstreamsSegmentNamingTable(String prefix, String playlist, String live, String storageDir,
                                            String playlistFile, String liveFile, String segmentPrefix)
            throws Exception {
        SegmentNaming naming = SegmentNaming.resolve(prefix, playlist, live, "web", WEB);

        assertEquals(new SegmentNaming(storageDir, playlistFile, liveFile, segmentPrefix), naming);
    }

    @Test
    void reportsPlaylistPathsForSegmentsInfo() throws Exception {
        SegmentNaming naming = SegmentNaming.resolve("", "d/playlist", "d/live", "web", WEB);

        assertEquals("d/playlist.m3u8", naming.playlistPath());
        assertEquals("d/live.m3u8", naming.livePlaylistPath());
        assertTrue(naming.hasLivePlaylist());

        SegmentNaming withoutLive = SegmentNaming.resolve("seg", "", "", "web", WEB);
        assertEquals("seg.m3u8", withoutLive.playlistPath());
        assertEquals("", withoutLive.livePlaylistPath());
        assertFalse(withoutLive.hasLivePlaylist());
    }

    @Test
    void takesTheRequestFieldsFromTheOutput() throws Exception {
        SegmentedFileOutput output = SegmentedFileOutput.newBuilder().setFilenamePrefix("out/seg")
                .setPlaylistName("list.m3u8").setLivePlaylistName("live.m3u8").build();

        assertEquals(new SegmentNaming("out/", "list.m3u8", "live.m3u8", "seg"),
                SegmentNaming.resolve(output, "web", WEB));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            playlist.m3u8      | playlist.m3u8
            playlist.M3U8      | playlist.m3u8
            playlist.ts        | playlist.m3u8
            my.list.txt        | my.list.m3u8
            playlist.          | playlist.m3u8
            """)
    void replacesWhateverExtensionThePlaylistHas(String playlist, String expected) throws Exception {
        assertEquals(expected, SegmentNaming.resolve("", playlist, "", "web", WEB).playlistFile());
    }

    @Test
    void generatesThePlaylistNameWhenNothingNamesIt() throws Exception {
        String generated = "web-" + TIME;

        assertEquals(new SegmentNaming("", generated + ".m3u8", "", generated),
                SegmentNaming.resolve("", "", "", "web", WEB));
        assertEquals(new SegmentNaming("out/", generated + ".m3u8", "", generated),
                SegmentNaming.resolve("out/", "", "", "web", WEB));
        assertEquals(new SegmentNaming("out/", generated + ".m3u8", "live.m3u8", generated),
                SegmentNaming.resolve("", "out/", "out/live", "web", WEB));
        assertEquals(new SegmentNaming("", "room_1-" + TIME + ".m3u8", "", "room_1-" + TIME),
                SegmentNaming.resolve(null, null, null, "room/1", WEB), "the identifier is sanitised");
    }

    @Test
    void aPlaylistThatIsOnlyAnExtensionCountsAsMissing() throws Exception {
        assertEquals(new SegmentNaming("", "seg.m3u8", "", "seg"), SegmentNaming.resolve("seg", ".m3u8", "", "web", WEB));
        assertEquals(new SegmentNaming("", "seg.m3u8", "", "seg"), SegmentNaming.resolve("seg", "", ".m3u8", "web", WEB));
    }

    @Test
    void rendersTokensInAllThreeFields() throws Exception {
        TemplateValues room = new TemplateValues(NOW, "my room", "RM_1", "", "", "", "", 0);

        SegmentNaming naming = SegmentNaming.resolve("{time}/seg", "{room_name}/{room_id}",
                "{room_name}/{room_id}-live", "my room", room);

        assertEquals(new SegmentNaming("my room/", "RM_1.m3u8", "RM_1-live.m3u8", TIME + "/seg"), naming);
    }

    @Test
    void aPrefixDirectoryOtherThanThePlaylistsIsRelativeToIt() throws Exception {
        // As upstream: the prefix keeps its whole directory, below the storage directory, even when it already
        // starts with the playlist's directory. The playlist lists "d/sub/seg_00000.ts", stored at d/d/sub/.
        assertEquals(new SegmentNaming("d/", "p.m3u8", "", "d/sub/seg"),
                SegmentNaming.resolve("d/sub/seg", "d/p", "", "web", WEB));
    }

    @Test
    void sanitisesTokenValuesIntoSingleSegments() throws Exception {
        TemplateValues hostile = new TemplateValues(NOW, "../etc", "a/b", "", "", "", "", 0);

        SegmentNaming naming = SegmentNaming.resolve("{room_name}/seg", "{room_id}", "", "r", hostile);

        assertEquals(new SegmentNaming("__etc/", "a_b.m3u8", "", "seg"), naming);
    }

    @Test
    void keepsAbsoluteDirectories() throws Exception {
        assertEquals(new SegmentNaming("/abs/", "p.m3u8", "", "seg"),
                SegmentNaming.resolve("/abs/seg", "p", "", "web", WEB));
        assertEquals(new SegmentNaming("/abs/", "p.m3u8", "", "seg"),
                SegmentNaming.resolve("/abs/./seg", "/abs//p", "", "web", WEB));
    }

    @Test
    void theLivePlaylistMustBeNextToThePlaylist() {
        String message = "request has missing or invalid field: "
                + "live_playlist_name must be in same directory as playlist_name";

        assertRejected(message, () -> SegmentNaming.resolve("", "d/playlist", "e/live", "web", WEB));
        assertRejected(message, () -> SegmentNaming.resolve("", "d/playlist", "d/sub/live", "web", WEB));
        assertRejected(message, () -> SegmentNaming.resolve("", "playlist", "d/live", "web", WEB));
        assertRejected(message, () -> SegmentNaming.resolve("d2/seg", "d/playlist", "d2/live", "web", WEB));
    }

    @Test
    void aLivePlaylistWithoutDirectoryGoesNextToThePlaylist() throws Exception {
        assertEquals(new SegmentNaming("d/", "playlist.m3u8", "live.m3u8", "playlist"),
                SegmentNaming.resolve("", "d/playlist", "live", "web", WEB));
    }

    @Test
    void theLivePlaylistMayNameTheDirectoryThePlaylistEndsUpIn() throws Exception {
        // The playlist takes the prefix's directory; the live playlist names that same directory.
        assertEquals(new SegmentNaming("d/", "seg.m3u8", "live.m3u8", "seg"),
                SegmentNaming.resolve("d/seg", "", "d/live", "web", WEB));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            playlist      | playlist
            playlist.m3u8 | playlist
            d/playlist    | d/playlist.m3u8
            ''            | seg.m3u8
            """)
    void theLivePlaylistCannotBeThePlaylist(String playlist, String live) {
        assertRejected("request has missing or invalid field: live_playlist_name cannot be identical to playlist_name",
                () -> SegmentNaming.resolve("seg", playlist, live, "web", WEB));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../seg", "a/../seg", "..", "{time}/../seg"})
    void rejectsParentDirectoriesInThePrefix(String prefix) {
        assertRejected("request has missing or invalid field: filename_prefix (parent directory segment)",
                () -> SegmentNaming.resolve(prefix, "", "", "web", WEB));
    }

    @Test
    void namesTheOffendingFieldInPathErrors() {
        assertRejected("request has missing or invalid field: playlist_name (parent directory segment)",
                () -> SegmentNaming.resolve("", "../p", "", "web", WEB));
        assertRejected("request has missing or invalid field: live_playlist_name (backslash)",
                () -> SegmentNaming.resolve("", "p", "a\\b", "web", WEB));
        assertRejected("request has missing or invalid field: filename_prefix (control character)",
                () -> SegmentNaming.resolve("a\nb", "", "", "web", WEB));
        assertRejected("request has missing or invalid field: playlist_name (unknown token {nope})",
                () -> SegmentNaming.resolve("", "{nope}", "", "web", WEB));
    }

    @ParameterizedTest(name = "[{index}] prefix \"{0}\", playlist \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''               | ''               | room-2022-10-04T011306-2
            seg-{retry}      | ''               | seg-2
            seg-{retry}      | playlist         | seg-2
            seg-{retry}      | playlist-{retry} | seg-2
            ''               | playlist-{retry} | playlist-2
            d/{retry}/seg    | ''               | d/2/seg
            """)
    void aRetryIsAcceptedWhenTheSegmentNamesChange(String prefix, String playlist, String segmentPath)
            throws Exception {
        TemplateValues retried = new TemplateValues(NOW, "room", "", "", "", "", "", 2);

        SegmentNaming naming = SegmentNaming.resolve(prefix, playlist, "", "room", retried);

        assertEquals(segmentPath, naming.storageDir() + naming.segmentPrefix());
    }

    @ParameterizedTest(name = "[{index}] prefix \"{0}\", playlist \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            seg       | ''
            seg       | playlist-{retry}
            ''        | playlist
            seg       | playlist
            d/        | ''
            """)
    void aRetryIsRefusedWhenItWouldOverwriteSegments(String prefix, String playlist) {
        TemplateValues retried = new TemplateValues(NOW, "room", "", "", "", "", "", 1);

        EgressException error = assertThrows(EgressException.class,
                () -> SegmentNaming.resolve(prefix, playlist, "", "room", retried));

        assertEquals(EgressException.Code.FAILED_PRECONDITION, error.code());
        assertEquals("output configuration does not support retry", error.getMessage());
    }

    @Test
    void generatedNamesCarryTheRetryCount() throws Exception {
        TemplateValues retried = new TemplateValues(NOW, "room", "", "", "", "", "", 3);

        SegmentNaming naming = SegmentNaming.resolve("", "", "", "room", retried);

        assertEquals(new SegmentNaming("", "room-" + TIME + "-3.m3u8", "", "room-" + TIME + "-3"), naming);
    }

    @Test
    void namesIndexSegmentsWithFiveDigits() throws Exception {
        SegmentNaming naming = SegmentNaming.resolve("d2/seg", "d/playlist", "", "web", WEB);
        Instant ignored = Instant.EPOCH;

        assertEquals("d2/seg_00000.ts", naming.segmentFile(SegmentedFileSuffix.INDEX, 0, ignored));
        assertEquals("d2/seg_00042.ts", naming.segmentFile(SegmentedFileSuffix.INDEX, 42, ignored));
        assertEquals("d2/seg_99999.ts", naming.segmentFile(SegmentedFileSuffix.INDEX, 99_999, ignored));
        assertEquals("d2/seg_100000.ts", naming.segmentFile(SegmentedFileSuffix.INDEX, 100_000, ignored));
    }

    @Test
    void namesTimestampSegmentsWithTheUtcWallClockOfTheirFirstSample() {
        Instant firstSample = Instant.parse("2023-05-03T22:55:04.814142Z");

        assertEquals("seg_20230503225504814.ts",
                SegmentNaming.segmentFileName("seg", SegmentedFileSuffix.TIMESTAMP, 7, firstSample));
        assertEquals("seg_20230503225505007.ts", SegmentNaming.segmentFileName("seg",
                SegmentedFileSuffix.TIMESTAMP, 7, Instant.parse("2023-05-03T22:55:05.007999Z")),
                "milliseconds are truncated and keep three digits");
        assertEquals("seg_20240229000000000.ts", SegmentNaming.segmentFileName("seg",
                SegmentedFileSuffix.TIMESTAMP, 0, ZonedDateTime.of(2024, 2, 29, 2, 0, 0, 0, ZoneOffset.ofHours(2))
                        .toInstant()), "always UTC, whatever the local zone");
    }

    @Test
    void refusesNegativeIndexesAndUnknownSuffixes() {
        assertThrows(IllegalArgumentException.class,
                () -> SegmentNaming.segmentFileName("seg", SegmentedFileSuffix.INDEX, -1, Instant.EPOCH));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentNaming.segmentFileName("seg", SegmentedFileSuffix.UNRECOGNIZED, 0, Instant.EPOCH));
    }
}
