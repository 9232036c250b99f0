package io.egress4j.core.naming;

import io.egress4j.api.NameValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FileNamingTest {

    /** 2022-10-04 01:13:06.789 in UTC+2: {time} is local, {utc} is converted. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2022, 10, 4, 1, 13, 6, 789_000_000,
            ZoneOffset.ofHours(2));
    private static final TemplateValues WEB = TemplateValues.of(NOW, NameValues.NONE, 0);
    private static final String TIME = "2022-10-04T011306";

    @ParameterizedTest(name = "[{index}] \"{0}\" as {1} -> \"{2}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                    | .mp4  | web-2022-10-04T011306.mp4
            dir/                  | .mp4  | dir/web-2022-10-04T011306.mp4
            /abs/dir/             | .mp4  | /abs/dir/web-2022-10-04T011306.mp4
            ./                    | .ogg  | web-2022-10-04T011306.ogg
            a.mp4                 | .mp4  | a.mp4
            a                     | .mp4  | a.mp4
            a.ogg                 | .mp4  | a.mp4
            a.mp3                 | .ogg  | a.ogg
            a.bar                 | .mp4  | a.bar.mp4
            a.jpeg.x              | .mp4  | a.jpeg.x.mp4
            a.webm                | .ogg  | a.ogg
            a.MP4                 | .mp4  | a.MP4
            dir.mp4/file          | .mp4  | dir.mp4/file.mp4
            a/.                   | .mp4  | a.mp4
            a/./b//c.mp4          | .mp4  | a/b/c.mp4
            /out/rec.mp4          | .mp4  | /out/rec.mp4
            rec-{time}            | .mp4  | rec-2022-10-04T011306.mp4
            rec-{utc}.mp4         | .mp4  | rec-20221003231306789.mp4
            {time}/               | .mp4  | 2022-10-04T011306/web-2022-10-04T011306.mp4
            {room_name}x-{retry}  | .mp4  | x-.mp4
            {room_id}/{track_id}a | .mp3  | a.mp3
            %2e%2e/x.mp4          | .mp4  | %2e%2e/x.mp4
            ...x.mp4              | .mp4  | ...x.mp4
            """)
    void resolvesWebFilePaths(String filepath, String extension, String expected) throws Exception {
        assertEquals(expected, FileNaming.resolveFilePath(filepath, extension, "web", WEB));
    }

    @Test
    void sanitizesSubstitutedValuesIntoSingleSegments() throws Exception {
        TemplateValues values = new TemplateValues(NOW, "../etc", "..", "a/b\\c", "TR_1\u0000", "audio", "mic", 0);

        assertEquals("rooms/__etc/_/a_b_c-TR_1_.mp4", FileNaming.resolveFilePath(
                "rooms/{room_name}/{room_id}/{publisher_identity}-{track_id}", ".mp4", "web", values));
    }

    @Test
    void sanitizesTheIdentifierOfGeneratedNames() throws Exception {
        assertEquals("out/room_1-" + TIME + ".ogg", FileNaming.resolveFilePath("out/", ".ogg", "room/1", WEB));
    }

    @Test
    void retryTokenAndGeneratedNameCarryTheRetryCount() throws Exception {
        TemplateValues retried = new TemplateValues(NOW, "room", "", "", "", "", "", 2);

        assertEquals("room-" + TIME + "-2.mp4", FileNaming.resolveFilePath("", ".mp4", "room", retried));
        assertEquals("r-2.mp4", FileNaming.resolveFilePath("r-{retry}", ".mp4", "room", retried));
        assertEquals("dir/room-" + TIME + "-2.mp4", FileNaming.resolveFilePath("dir/", ".mp4", "room", retried));
    }

    @Test
    void aRetriedEgressMustNotOverwriteTheFirstAttemptsFile() {
        TemplateValues retried = new TemplateValues(NOW, "room", "", "", "", "", "", 1);
        io.egress4j.api.EgressException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.egress4j.api.EgressException.class,
                () -> FileNaming.resolveFilePath("recordings/{room_name}.mp4", ".mp4", "room", retried));
        assertEquals(io.egress4j.api.EgressException.Code.FAILED_PRECONDITION, refused.code());
        assertEquals("output configuration does not support retry", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.mp4", "a/../../x.mp4", "a/..", "..", "/../x.mp4", "x/../y.mp4", "{time}/../x.mp4"})
    void rejectsParentDirectorySegments(String filepath) {
        assertRejected("request has missing or invalid field: filepath (parent directory segment)",
                () -> FileNaming.resolveFilePath(filepath, ".mp4", "web", WEB));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..\\x", "a\\b.mp4"})
    void rejectsBackslashes(String filepath) {
        assertRejected("request has missing or invalid field: filepath (backslash)",
                () -> FileNaming.resolveFilePath(filepath, ".mp4", "web", WEB));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb.mp4", "a\u007fb"})
    void rejectsControlCharacters(String filepath) {
        assertRejected("request has missing or invalid field: filepath (control character)",
                () -> FileNaming.resolveFilePath(filepath, ".mp4", "web", WEB));
    }

    @Test
    void rejectsTokensOutsideTheKnownSet() {
        assertRejected("request has missing or invalid field: filepath (unknown token {foo})",
                () -> FileNaming.resolveFilePath("{foo}.mp4", ".mp4", "web", WEB));
        assertRejected("request has missing or invalid field: filepath (unknown token {Time})",
                () -> FileNaming.resolveFilePath("{Time}.mp4", ".mp4", "web", WEB));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a{b.mp4", "a}.mp4", "{{time}}.mp4"})
    void rejectsStrayBraces(String filepath) {
        assertRejected("request has missing or invalid field: filepath (unbalanced brace)",
                () -> FileNaming.resolveFilePath(filepath, ".mp4", "web", WEB));
    }
}
