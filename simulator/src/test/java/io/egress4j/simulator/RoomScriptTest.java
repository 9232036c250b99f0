package io.egress4j.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egress4j.simulator.RoomScript.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomScriptTest {

    @Test
    void stepsAreParsedAndRunInTimeOrder() {
        RoomScript script = RoomScript.parse("""
                # a comment, then a blank line

                10   metadata      @recorder {"layout": "speaker-light"}
                0    publish       alice vp8 0xcc2222 440   # trailing comment
                2.5  screenshare   bob
                3    screenshare   bob 0x2222cc
                4    unscreenshare bob
                5    speak         alice
                6    resize        alice 480x360
                11   metadata      alice {"title": "#1  \\"#standup\\""}  # hashes in JSON strings are not comments
                """);
        assertEquals(List.of(
                new Step(0, "publish", "alice", List.of("vp8", "0xcc2222", "440")),
                new Step(2500, "screenshare", "bob", List.of()),
                new Step(3000, "screenshare", "bob", List.of("0x2222cc")),
                new Step(4000, "unscreenshare", "bob", List.of()),
                new Step(5000, "speak", "alice", List.of()),
                new Step(6000, "resize", "alice", List.of("480x360")),
                new Step(10000, "metadata", "@recorder", List.of("{\"layout\": \"speaker-light\"}")),
                new Step(11000, "metadata", "alice", List.of("{\"title\": \"#1  \\\"#standup\\\"\"}"))),
                script.steps());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 speak alice loudly   | script line 2 (1 speak alice loudly): speak takes 0 argument(s)",
            "1 metadata alice       | script line 2 (1 metadata alice): metadata takes at least 1 argument(s)",
            "1 screenshare bob red  | script line 2 (1 screenshare bob red): colour (0xRRGGBB) is not a number: red",
            "1 screenshare bob 1 2  | script line 2 (1 screenshare bob 1 2): screenshare takes 0 to 1 argument(s)",
            "1 publish carol vp8 0x1 a | script line 2 (1 publish carol vp8 0x1 a): tone in Hz is not a number: a",
            "1 resize alice 480     | script line 2 (1 resize alice 480): size must be <width>x<height>: 480",
            "1 wave alice           | script line 2 (1 wave alice): unknown action wave",
            "1 speak                | script line 2 (1 speak): expected: <seconds> <action> <identity> [arguments]"})
    void aMalformedLineIsNamedWithWhatIsWrong(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoomScript.parse("0 publish alice vp8 0xcc2222 440\n" + line));
        assertEquals(message, e.getMessage());
    }
}
