package io.egress4j.core.naming;

import io.egress4j.api.NameValues;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.ImageOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageNamingTest {

    /** 2022-10-04 01:13:06.789 in UTC+2: {time} is local. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2022, 10, 4, 1, 13, 6, 789_000_000,
            ZoneOffset.ofHours(2));
    private static final TemplateValues WEB = TemplateValues.of(NOW, NameValues.NONE, 0);
    private static final String GENERATED = "web-2022-10-04T011306";
    private static final Instant CAPTURED = Instant.parse("2023-05-03T22:55:04.814142Z");

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\" + \"{2}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''              | ''           | web-2022-10-04T011306
            img             | ''           | img
            out/img         | out/         | img
            out/            | out/         | web-2022-10-04T011306
            /abs/out/img    | /abs/out/    | img
            a//b/./img      | a/b/         | img
            .               | ''           | web-2022-10-04T011306
            out/{time}      | out/         | 2022-10-04T011306
            {utc}/img       | 20221003231306789/ | img
            img.jpeg        | ''           | img.jpeg
            """)
    void splitsThePrefixIntoDirectoryAndBaseName(String prefix, String storageDir, String base) throws Exception {
        assertEquals(new ImageNaming(storageDir, base), ImageNaming.resolve(prefix, "web", WEB));
    }

    @Test
    void takesThePrefixFromTheOutput() throws Exception {
        ImageOutput output = ImageOutput.newBuilder().setFilenamePrefix("thumbs/cap").build();

        assertEquals(new ImageNaming("thumbs/", "cap"), ImageNaming.resolve(output, "web", WEB));
        assertEquals(new ImageNaming("", GENERATED), ImageNaming.resolve(ImageOutput.getDefaultInstance(), "web", WEB));
        assertEquals(new ImageNaming("", GENERATED), ImageNaming.resolve((String) null, "web", WEB));
    }

    @Test
    void generatedPrefixesAreSanitisedAndCarryTheRetryCount() throws Exception {
        TemplateValues retried = new TemplateValues(NOW, "a/room", "", "", "", "", "", 2);

        assertEquals(new ImageNaming("out/", "a_room-2022-10-04T011306-2"),
                ImageNaming.resolve("out/", "a/room", retried));
    }

    @Test
    void sanitisesTokenValues() throws Exception {
        TemplateValues hostile = new TemplateValues(NOW, "../x", "", "p/q", "", "", "", 0);

        assertEquals(new ImageNaming("__x/", "p_q"),
                ImageNaming.resolve("{room_name}/{publisher_identity}", "room", hostile));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../img", "a/../img", "{time}/../img"})
    void rejectsParentDirectories(String prefix) {
        assertRejected("request has missing or invalid field: filename_prefix (parent directory segment)",
                () -> ImageNaming.resolve(prefix, "web", WEB));
    }

    @Test
    void rejectsBackslashesControlCharactersAndUnknownTokens() {
        assertRejected("request has missing or invalid field: filename_prefix (backslash)",
                () -> ImageNaming.resolve("a\\img", "web", WEB));
        assertRejected("request has missing or invalid field: filename_prefix (control character)",
                () -> ImageNaming.resolve("img\u0007", "web", WEB));
        assertRejected("request has missing or invalid field: filename_prefix (unknown token {x})",
                () -> ImageNaming.resolve("{x}", "web", WEB));
    }

    @Test
    void namesIndexImagesWithFiveDigitsAndJpeg() {
        ImageNaming naming = new ImageNaming("out/", "cap");

        assertEquals("cap_00000.jpeg", naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_INDEX, 0, CAPTURED));
        assertEquals("cap_00123.jpeg", naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_INDEX, 123, CAPTURED));
        assertEquals("cap_123456.jpeg", naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_INDEX, 123_456, CAPTURED));
        assertEquals("out/cap_00007.jpeg", naming.storagePath(ImageFileSuffix.IMAGE_SUFFIX_INDEX, 7, CAPTURED));
    }

    @Test
    void theIndexPatternIsWhatAMultifilesinkWrites() {
        ImageNaming naming = new ImageNaming("out/", "cap");

        assertEquals("cap_%05d.jpeg", naming.indexPattern());
        assertEquals(naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_INDEX, 3, CAPTURED),
                String.format(naming.indexPattern(), 3));
    }

    @Test
    void namesTimestampImagesWithTheUtcCaptureTime() {
        ImageNaming naming = new ImageNaming("out/", "cap");

        assertEquals("cap_20230503225504814.jpeg",
                naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_TIMESTAMP, 9, CAPTURED));
        assertEquals("cap_20240101000000005.jpeg", naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_TIMESTAMP, 0,
                ZonedDateTime.of(2023, 12, 31, 19, 0, 0, 5_900_000, ZoneOffset.ofHours(-5)).toInstant()));
        assertEquals("out/cap_20230503225504814.jpeg",
                naming.storagePath(ImageFileSuffix.IMAGE_SUFFIX_TIMESTAMP, 9, CAPTURED));
    }

    @Test
    void noneOverwriteAlwaysNamesTheSameFile() {
        ImageNaming naming = new ImageNaming("out/", "cap");

        assertEquals("cap.jpeg", naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_NONE_OVERWRITE, 0, CAPTURED));
        assertEquals("out/cap.jpeg", naming.storagePath(ImageFileSuffix.IMAGE_SUFFIX_NONE_OVERWRITE, 41, Instant.EPOCH));
    }

    @Test
    void reportsTheFullPrefixForImagesInfo() throws Exception {
        assertEquals("out/cap", ImageNaming.resolve("out/cap", "web", WEB).filenamePrefix());
        assertEquals("out/" + GENERATED, ImageNaming.resolve("out/", "web", WEB).filenamePrefix());
    }

    @Test
    void refusesNegativeIndexesAndUnknownSuffixes() {
        ImageNaming naming = new ImageNaming("", "cap");

        assertThrows(IllegalArgumentException.class,
                () -> naming.fileName(ImageFileSuffix.IMAGE_SUFFIX_INDEX, -1, CAPTURED));
        assertThrows(IllegalArgumentException.class,
                () -> naming.fileName(ImageFileSuffix.UNRECOGNIZED, 0, CAPTURED));
    }
}
