package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "2.75s, 2750",
            "1h30m, 5400000",
            "500ms, 500",
            "10m, 600000",
            "1h0m0.5s, 3600500",
            "1.5h, 5400000",
            "0, 0",
            "3, 3000",
            "0.25, 250",
            "-2s, -2000"})
    void parsesGoDurationsAndBareSeconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), GoDuration.parse(text));
    }

    @Test
    void parsesSubMillisecondUnits() {
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2µs"));
        assertEquals(Duration.ofNanos(7), GoDuration.parse("7ns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "3x", "1h30", "ms", "1.2.3s", "- 1s", "9999999999h"})
    void rejectsWhatIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @Test
    void formatsLikeGo() {
        Map<Duration, String> expected = Map.of(
                Duration.ZERO, "0s",
                Duration.ofMillis(500), "500ms",
                Duration.ofMillis(2750), "2.75s",
                Duration.ofMinutes(90), "1h30m0s",
                Duration.ofSeconds(-5), "-5s");
        expected.forEach((duration, text) -> assertEquals(text, GoDuration.format(duration)));
    }

    @Test
    void yamlNumbersAreSecondsAndStringsAreGoDurations() throws ConfigException {
        EgressConfig config = ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, """
                io_create_timeout: 3
                io_update_timeout: 0.5
                session_limits:
                  file_output_max_duration: 1h30m
                  stream_output_max_duration: "500ms"
                latency:
                  audio_mixer_latency: 2.75s
                """));
        assertEquals(Duration.ofSeconds(3), config.ioCreateTimeout);
        assertEquals(Duration.ofMillis(500), config.ioUpdateTimeout);
        assertEquals(Duration.ofMinutes(90), config.sessionLimits.fileOutputMaxDuration);
        assertEquals(Duration.ofMillis(500), config.sessionLimits.streamOutputMaxDuration);
        assertEquals(Duration.ofMillis(2750), config.latency.audioMixerLatency);
    }
}
