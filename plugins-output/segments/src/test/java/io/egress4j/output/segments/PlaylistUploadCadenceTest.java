package io.egress4j.output.segments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaylistUploadCadenceTest {

    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void uploadsUntilAnUploadHasSucceeded() {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);

        assertTrue(cadence.shouldUpload(1, START.plusSeconds(4)), "the first segment");
        // Failed uploads are not recorded: every later segment tries again, whatever the hour.
        assertTrue(cadence.shouldUpload(2, START.plusSeconds(8)));
        assertTrue(cadence.shouldUpload(1_801, START.plus(Duration.ofHours(3))));
    }

    @Test
    void uploadsEverySegmentDuringTheFirstHour() {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);
        for (int segment = 1; segment <= 899; segment++) {
            Instant now = START.plusSeconds(4L * segment);
            assertTrue(cadence.shouldUpload(segment, now), "segment " + segment);
            cadence.uploaded(now);
        }
    }

    @ParameterizedTest(name = "[{index}] after {0} min -> every {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0    | 1
            59   | 1
            60   | 2
            119  | 2
            120  | 3
            330  | 6
            1440 | 25
            """)
    void uploadsEveryNthSegmentWhereNIsTheHourPlusOne(long minutes, long n) {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);
        Instant now = START.plus(Duration.ofMinutes(minutes)).plusSeconds(1);

        assertEquals(n, cadence.everyNthSegment(now));
        cadence.uploaded(now.minusSeconds(10));
        for (long segment = 1_000; segment < 1_000 + 3 * n; segment++) {
            assertEquals(segment % n == 0, cadence.shouldUpload(segment, now), "segment " + segment);
        }
    }

    @Test
    void uploadsWhenMoreThanAMinuteHasPassed() {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);
        Instant last = START.plus(Duration.ofHours(5));
        cadence.uploaded(last);

        assertFalse(cadence.shouldUpload(7, last.plusSeconds(30)), "7 is not a multiple of 6");
        assertFalse(cadence.shouldUpload(7, last.plusSeconds(60)), "exactly one minute is not more than one");
        assertTrue(cadence.shouldUpload(7, last.plusSeconds(60).plusMillis(1)));
        assertTrue(cadence.shouldUpload(6, last.plusSeconds(1)), "a multiple of N goes up anyway");
    }

    @Test
    void aSuccessfulUploadRestartsTheMinute() {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);
        Instant hourTwo = START.plus(Duration.ofHours(2));
        cadence.uploaded(hourTwo);

        assertTrue(cadence.shouldUpload(10, hourTwo.plusSeconds(61)));
        cadence.uploaded(hourTwo.plusSeconds(61));
        assertFalse(cadence.shouldUpload(11, hourTwo.plusSeconds(65)));
    }

    @Test
    void aClockThatWentBackCountsAsTheFirstHour() {
        PlaylistUploadCadence cadence = new PlaylistUploadCadence(START);

        assertEquals(1, cadence.everyNthSegment(START.minusSeconds(30)));
        cadence.uploaded(START.minusSeconds(40));
        assertTrue(cadence.shouldUpload(13, START.minusSeconds(30)));
    }
}
