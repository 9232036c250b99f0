package io.egress4j.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.simulator.AvSignals.Beep;
import io.egress4j.simulator.AvSignals.Channel;
import io.egress4j.simulator.AvSignals.Region;
import io.egress4j.simulator.AvSignals.Sync;
import io.egress4j.simulator.AvSyncMain.Participant;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyser on a file made by ffmpeg the way a composite of the simulator looks: alice's red tile in the
 * bottom-right quarter of black, white for the first 100 ms of each second, and her 440 Hz tone on the left only,
 * beeping 50 ms after each flash.
 */
class AvSyncMainTest {

    private static final Participant ALICE = new Participant("alice", 0xcc2222, 440);

    @TempDir
    static Path dir;

    private static Path file;

    @BeforeAll
    static void makeRecording() throws Exception {
        file = dir.resolve("composite.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "color=c=black:s=640x360:r=30:d=6", "-f", "lavfi", "-i", "color=c=0xcc2222:s=320x180:r=30:d=6",
                "-f", "lavfi", "-i", "aevalsrc=0.1*sin(2*PI*440*t)*(1+4*gte(mod(t\\,1)\\,0.05)*lt(mod(t\\,1)\\,0.15))"
                        + "|0:s=48000:d=6",
                "-filter_complex", "[0][1]overlay=320:180,drawbox=x=320:y=180:w=320:h=180:color=white:t=fill:"
                        + "enable='lt(mod(t,1),0.1)'[v]",
                "-map", "[v]", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", file.toString()).inheritIO().start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg made the test file");
    }

    @Test
    void theTileIsFoundByItsColourInsideItsQuarter() throws Exception {
        Region tile = AvSignals.regionOf(file, ALICE.colour(), 3).orElseThrow();
        assertTrue(tile.x() >= 320 && tile.y() >= 180 && tile.x() + tile.width() <= 640
                && tile.y() + tile.height() <= 360 && tile.width() > 200 && tile.height() > 100, tile.toString());
        assertTrue(AvSignals.regionOf(file, 0x22aa22, 3).isEmpty(), "no green anywhere");
    }

    @Test
    void theBeepsLandOnTheLeftFiftyMillisecondsAfterTheFlashes() throws Exception {
        List<Beep> beeps = AvSignals.stereoBeeps(file, ALICE.toneHz());
        assertEquals(Collections.nCopies(6, Channel.LEFT), beeps.stream().map(Beep::channel).toList());
        assertEquals(AvSignals.beepTimes(file, ALICE.toneHz()), beeps.stream().map(Beep::time).toList(),
                "the same onsets as in the mono mix");

        Region tile = AvSignals.regionOf(file, ALICE.colour(), 3).orElseThrow();
        Sync sync = AvSignals.sync(AvSignals.flashTimes(file, tile), AvSignals.beepTimes(file, ALICE.toneHz()), 1, 5);
        assertEquals(1.0, sync.hitRate(), 1e-9, sync.toString());
        assertEquals(0.05, sync.audioLagMedian(), 0.025, sync.toString());
        assertTrue(sync.driftP80() < 0.02, sync.toString());
    }

    @Test
    void theReportNamesTheParticipantItsTileAndChannels() throws Exception {
        String report = AvSyncMain.report(file, ALICE, 1, 5);
        assertTrue(report.startsWith("alice (0xcc2222, 440 Hz), tile "), report);
        assertTrue(report.contains(", 1.0 to 5.0 s: hit rate 100 %"), report);
        assertTrue(report.endsWith("; beeps on left 6"), report);
    }
}
