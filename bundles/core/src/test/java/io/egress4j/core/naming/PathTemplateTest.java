package io.egress4j.core.naming;

import io.egress4j.api.NameValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PathTemplateTest {

    private static final TemplateValues WEB =
            TemplateValues.of(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6_000_000, ZoneOffset.UTC), NameValues.NONE, 0);

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            plain-name      | plain-name
            a/b             | a_b
            ../..           | ___
            ..              | _
            .               | .
            ...             | _
            a..b            | a_b
            a.b             | a.b
            'c:\\x'         | c__x
            '<a|b>?*"'      | _a_b____
            {time}          | _time_
            """)
    void sanitizesValues(String value, String expected) {
        assertEquals(expected, PathTemplate.sanitize(value));
    }

    @Test
    void sanitizesControlAndFormatCharacters() {
        assertEquals("a_b_c_d", PathTemplate.sanitize("a\u0000b\u001bc\u202ed"));
    }

    @Test
    void keepsAbsoluteAndDirectoryMarkers() throws Exception {
        assertEquals("/a/b/", PathTemplate.render("//a/./b//", WEB, "filepath"));
        assertEquals("/", PathTemplate.render("/", WEB, "filepath"));
        assertEquals("", PathTemplate.render(".", WEB, "filepath"));
    }

    @Test
    void rendersTimeTokens() throws Exception {
        assertEquals("2024-01-02T030405/20240102030405006", PathTemplate.render("{time}/{utc}", WEB, "filepath"));
    }

    @Test
    void namesTheGivenFieldInErrors() {
        assertRejected("request has missing or invalid field: filename_prefix (parent directory segment)",
                () -> PathTemplate.render("../seg", WEB, "filename_prefix"));
    }
}
