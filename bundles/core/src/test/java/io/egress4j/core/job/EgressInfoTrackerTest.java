package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import org.junit.jupiter.api.Test;

class EgressInfoTrackerTest {

    private final List<EgressInfo> published = new ArrayList<>();

    private EgressInfoTracker tracker() {
        return new EgressInfoTracker(EgressInfo.newBuilder().setEgressId("EG_x")
                .addFileResults(FileInfo.newBuilder().setFilename("f.mp4")), published::add);
    }

    @Test
    void walksThroughTheStatusesAndFillsTheFileResult() {
        EgressInfoTracker tracker = tracker();
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        tracker.active(start);
        tracker.ending("Stopped by SIGINT");
        tracker.filesEnded(start.plusSeconds(6));
        tracker.fileStored(0, "/rec/f.mp4", 1234, false);
        tracker.complete();

        List<EgressStatus> statuses = published.stream().map(EgressInfo::getStatus).distinct().toList();
        assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING,
                EgressStatus.EGRESS_COMPLETE), statuses);
        EgressInfo done = tracker.snapshot();
        assertEquals("End reason: Stopped by SIGINT", done.getDetails());
        assertEquals(6_000_000_000L, done.getFileResults(0).getDuration());
        assertEquals("/rec/f.mp4", done.getFile().getLocation(), "the deprecated single result mirrors the file");
        assertTrue(done.getEndedAt() > 0);
    }

    @Test
    void failureCarriesMessageCodeAndFailureReason() {
        EgressInfoTracker tracker = tracker();
        tracker.failed(new EgressException(Code.INTERNAL, "pipeline frozen"));
        EgressInfo failed = tracker.snapshot();
        assertEquals(EgressStatus.EGRESS_FAILED, failed.getStatus());
        assertEquals("pipeline frozen", failed.getError());
        assertEquals(500, failed.getErrorCode());
        assertEquals("End reason: Failure", failed.getDetails());
    }

    @Test
    void abortedAndLimitReachedUseUpstreamCodes() {
        EgressInfoTracker aborted = tracker();
        aborted.aborted("Start signal not received");
        assertEquals(412, aborted.snapshot().getErrorCode());
        assertEquals(EgressStatus.EGRESS_ABORTED, aborted.snapshot().getStatus());

        EgressInfoTracker limited = tracker();
        limited.limitReached();
        assertEquals(413, limited.snapshot().getErrorCode());
        assertEquals("Session limit reached", limited.snapshot().getError());
        assertEquals("End reason: Session limit reached", limited.snapshot().getDetails());
    }
}
