package io.egress4j.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordOptionsTest {

    @Test
    void shortcutFlags() {
        RecordOptions options = RecordOptions.parse(new String[] {"--url", "http://x/", "--output", "a/",
                "--audio-only", "--duration", "2.5"});
        assertEquals("http://x/", options.url());
        assertEquals("a/", options.output());
        assertTrue(options.audioOnly());
        assertEquals(Duration.ofMillis(2500), options.duration());
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("give either --request FILE.json or --url URL",
                assertThrows(IllegalArgumentException.class, () -> RecordOptions.parse(new String[0])).getMessage());
        assertEquals("--duration must be a positive number of seconds, got \"-1\"",
                assertThrows(IllegalArgumentException.class,
                        () -> RecordOptions.parse(new String[] {"--url", "u", "--duration", "-1"})).getMessage());
        assertEquals("unknown option --bogus", assertThrows(IllegalArgumentException.class,
                () -> RecordOptions.parse(new String[] {"--bogus"})).getMessage());
        assertEquals("--output needs a value", assertThrows(IllegalArgumentException.class,
                () -> RecordOptions.parse(new String[] {"--url", "u", "--output"})).getMessage());
    }

    @Test
    void localPagesBecomeFileUrls() {
        assertTrue(RequestShortcut.toUrl("pom.xml").startsWith("file:///"), "an existing file");
        assertEquals("http://example.com/", RequestShortcut.toUrl("http://example.com/"));
    }
}
