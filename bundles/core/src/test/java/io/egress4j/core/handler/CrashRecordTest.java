package io.egress4j.core.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecordTest {

    @TempDir
    Path dir;

    @Test
    void theSignalComesFromTheJvmCrashReport() throws Exception {
        CrashRecord record = new CrashRecord(dir);
        record.recordingAt("EG_a", Path.of("/out/a.mp4"));
        record.recordingAt("EG_a", Path.of("/out/a.mp4"));
        Files.writeString(dir.resolve("hs_err_pid42.log"), """
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x00007f2f9845aad8, pid=42, tid=43
                """);
        // The JVM aborts after writing its report: the exit status says SIGABRT, the report what happened.
        assertEquals("egress process crashed: SIGSEGV; the recording up to that point is kept at /out/a.mp4; crash "
                + "report: " + dir.resolve("hs_err_pid42.log"), record.errorAfterExit("EG_a", 42, 134));
        assertTrue(record.hasCrashReport());
    }

    @Test
    void withoutAReportTheExitStatusNamesTheSignal() {
        CrashRecord record = new CrashRecord(dir);
        assertEquals("egress process crashed: SIGKILL", record.errorAfterExit("EG_a", 42, 137));
        assertEquals("egress process exited with 3", record.errorAfterExit("EG_a", 42, 3));
        assertFalse(record.hasCrashReport());
    }

    @Test
    void anEgressInASharedProcessIsToldOnlyOfItsOwnRecordings() {
        CrashRecord record = new CrashRecord(dir);
        record.recordingAt("EG_a", Path.of("/out/a.mp4"));
        record.recordingAt("EG_b", Path.of("/out/b.ogg"));
        assertEquals("egress process crashed: SIGKILL; the recording up to that point is kept at /out/b.ogg",
                record.errorAfterExit("EG_b", 42, 137));
        assertEquals("egress process exited with 1", record.errorAfterExit("EG_c", 42, 1));
    }

    @Test
    void theCommandLineKeepsAFailedInfoReadyWithTheSignalToFillIn() throws Exception {
        CrashRecord record = new CrashRecord(dir);
        record.update(EgressInfo.newBuilder().setEgressId("EG_x").setStatus(EgressStatus.EGRESS_ACTIVE).build());
        record.recordingAt("EG_x", Path.of("/out/b.ogg"));
        String prepared = Files.readString(dir.resolve(CrashRecord.FINAL_INFO));
        assertTrue(prepared.contains("\"status\": \"EGRESS_FAILED\""), prepared);
        assertTrue(prepared.contains("egress process crashed: {signal}; the recording up to that point is kept at "
                + "/out/b.ogg; crash report: " + dir.resolve("hs_err_pid" + ProcessHandle.current().pid() + ".log")),
                prepared);
    }
}
