package io.egress4j.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SenderReportsTest {

    private static final Duration WAIT = Duration.ofSeconds(1);

    @Test
    void onlyAStreamThatNeverReportedIsWarnedAboutOnce() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        SenderReports reports = new SenderReports("EG_test", WAIT, warnings::add);
        reports.expect(1L, "TR_reports");
        reports.expect(4_000_000_000L, "TR_silent");
        reports.reported(1L);
        reports.reported(7L); // a stream nobody expects
        Thread.sleep(WAIT.toMillis() * 2);
        assertEquals(List.of("EG_test: track TR_silent (SSRC 4000000000) has sent no RTCP sender report in 1 s;"
                + " it is recorded timed by its arrival, so its sync with the other tracks is not guaranteed"),
                warnings);
    }

    @Test
    void aClosedSessionWarnsAboutNothing() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        SenderReports reports = new SenderReports("EG_test", WAIT, warnings::add);
        reports.expect(2L, "TR_silent");
        reports.close();
        Thread.sleep(WAIT.toMillis() * 2);
        assertEquals(List.of(), warnings);
    }
}
