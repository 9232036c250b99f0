package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressRecordsTest {

    @TempDir
    Path dir;

    private static EgressInfo info(String id, EgressStatus status) {
        return EgressInfo.newBuilder().setEgressId(id).setRoomName("standup").setStatus(status).build();
    }

    @Test
    void theLatestInfoOfEachEgressOutlivesARestartAndARunningOneEndsFailed() throws Exception {
        EgressRecords records = EgressRecords.open(dir, true);
        assertTrue(records.putIfAbsent(info("EG_done", EgressStatus.EGRESS_STARTING)));
        assertFalse(records.putIfAbsent(info("EG_done", EgressStatus.EGRESS_ACTIVE)), "CreateEgress keeps the first");
        records.put(info("EG_done", EgressStatus.EGRESS_COMPLETE));
        records.put(info("EG_running", EgressStatus.EGRESS_ACTIVE));

        EgressRecords reopened = EgressRecords.open(dir, true);
        assertEquals(EgressStatus.EGRESS_COMPLETE, reopened.get("EG_done").orElseThrow().getStatus());
        EgressInfo orphan = reopened.get("EG_running").orElseThrow();
        assertEquals(EgressStatus.EGRESS_FAILED, orphan.getStatus());
        assertEquals("the egress service stopped while this egress ran", orphan.getError());
        assertTrue(orphan.getEndedAt() > 0);
        assertEquals(2, reopened.all().size());
    }

    @Test
    void anIdThatCouldNameAnotherFileIsNotStored() throws Exception {
        EgressRecords records = EgressRecords.open(dir, true);
        assertFalse(records.putIfAbsent(info("EG_../../escape", EgressStatus.EGRESS_STARTING)));
        records.put(info("../outside", EgressStatus.EGRESS_ACTIVE));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        assertTrue(records.all().isEmpty());
    }
}
