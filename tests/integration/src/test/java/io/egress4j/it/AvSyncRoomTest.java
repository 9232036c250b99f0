package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.simulator.AvSignals;
import io.egress4j.simulator.RoomScript;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedParticipant;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A/V sync of track egress (inside scripts/netns): a simulated participant flashes its video and beeps its audio
 * on the same whole wall-clock seconds; one egress records each track. Every file must keep the 1 s cadence, and
 * each file's {@code startedAt} plus the media time of a mark must put flashes and beeps on the same instant. A
 * scripted timeline mutes a microphone: its beeps are missing for that span, and only there.
 */
class AvSyncRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "av-sync-test-secret-0123456789";
    /** How far apart the two recordings may place the same instant. */
    private static final double TOLERANCE_SECONDS = 0.150;

    @TempDir
    Path dir;

    @Test
    void flashesAndBeepsKeepTheirCadenceAndLandOnTheSameWallClockInstant() throws Exception {
        try (RoomSimulator room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "sync", dir.resolve("sent"))) {
            SimulatedParticipant alice = room.publishParticipant("alice", Codec.VP8, 0x2277cc, 440);
            Path config = config(room);
            EgressProcess video = record(alice.video(), config, 10);
            EgressProcess audio = record(alice.audio(), config, 10);
            assertEquals(0, video.waitFor(60), video.stderrText());
            assertEquals(0, audio.waitFor(60), audio.stderrText());

            JsonNode videoFile = video.info().path("fileResults").get(0);
            JsonNode audioFile = audio.info().path("fileResults").get(0);
            assertTrue(videoFile.path("location").asText().endsWith(".webm"), videoFile.toString());
            assertTrue(audioFile.path("location").asText().endsWith(".ogg"), audioFile.toString());
            List<Double> flashes = AvSignals.flashTimes(Path.of(videoFile.path("location").asText()));
            List<Double> beeps = AvSignals.beepTimes(Path.of(audioFile.path("location").asText()));
            assertCadence("flashes", flashes);
            assertCadence("beeps", beeps);

            double flashPhase = phase(videoFile.path("startedAt").asLong(), flashes);
            double beepPhase = phase(audioFile.path("startedAt").asLong(), beeps);
            double offset = wrap(flashPhase - beepPhase);
            String measured = String.format(Locale.ROOT, "flashes at wall-clock second + %.3f s, beeps at + %.3f s:"
                    + " video %+.3f s from audio (flashes %s, beeps %s)", flashPhase, beepPhase, offset, flashes,
                    beeps);
            System.out.println("A/V sync: " + measured);
            assertTrue(Math.abs(offset) <= TOLERANCE_SECONDS, measured);
        }
    }

    @Test
    void aScriptedMuteLeavesOutTheBeepsOfThatSpan() throws Exception {
        try (RoomSimulator room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "sync", dir.resolve("sent"))) {
            RoomScript script = RoomScript.parse("""
                    0   publish  carol  h264 0x884422 660
                    9   mute     carol  audio
                    12  unmute   carol  audio
                    """);
            CompletableFuture<Void> played = script.start(room);
            SimulatedTrack audio = null;
            for (int i = 0; i < 50 && audio == null; i++) {
                audio = script.track("carol", "audio").orElse(null);
                Thread.sleep(100);
            }
            assertTrue(audio != null, "the script published no audio track");
            EgressProcess egress = record(audio, config(room), 14);
            played.get(30, TimeUnit.SECONDS);
            assertEquals(0, egress.waitFor(60), egress.stderrText());

            List<Double> beeps = AvSignals.beepTimes(Path.of(
                    egress.info().path("fileResults").get(0).path("location").asText()));
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < beeps.size(); i++) {
                double interval = beeps.get(i) - beeps.get(i - 1);
                if (Math.abs(interval - 1.0) > 0.1) {
                    gaps.add(interval);
                }
            }
            // A 3 s mute swallows two or three beeps, and nothing else is missing.
            assertEquals(1, gaps.size(), "beeps: " + beeps);
            assertTrue(gaps.get(0) > 2.9 && gaps.get(0) < 4.1, "beeps: " + beeps);
        }
    }

    private Path config(RoomSimulator room) throws Exception {
        return Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                ws_url: %s
                """.formatted(KEY, SECRET, room.wsUrl()));
    }

    private EgressProcess record(SimulatedTrack track, Path config, int seconds) throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(track.sid()));
        Path request = Files.writeString(workDir.resolve("request.json"), """
                {"roomName": "sync", "trackId": "%s", "file": {"filepath": "sync/"}}
                """.formatted(track.sid()));
        return EgressProcess.start(workDir, "record", "--request", request.toString(), "--config",
                config.toString(), "--duration", String.valueOf(seconds));
    }

    /** At least 7 intervals between marks, every one a second apart. */
    private static void assertCadence(String what, List<Double> times) {
        assertTrue(times.size() >= 8, what + ": too few in 10 s: " + times);
        for (int i = 1; i < times.size(); i++) {
            double interval = times.get(i) - times.get(i - 1);
            assertEquals(1.0, interval, 0.1, what + " are not a second apart: " + times);
        }
    }

    /**
     * Where within the wall-clock second the marks fall: {@code startedAt} (ns since the epoch) plus their media
     * time, modulo 1 s, averaged on the circle so that marks straddling a whole second do not average to half.
     */
    private static double phase(long startedAtNanos, List<Double> times) {
        double startFraction = (startedAtNanos % 1_000_000_000L) / 1e9;
        double sin = 0;
        double cos = 0;
        for (double time : times) {
            double angle = 2 * Math.PI * (startFraction + time);
            sin += Math.sin(angle);
            cos += Math.cos(angle);
        }
        return wrap(Math.atan2(sin, cos) / (2 * Math.PI));
    }

    /** Into [-0.5, 0.5) seconds. */
    private static double wrap(double seconds) {
        return seconds - Math.floor(seconds + 0.5);
    }
}
