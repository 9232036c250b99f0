package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.room.RecorderToken;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room simulator against a client nobody here wrote: LiveKit's {@code @livekit/rtc-node} (libwebrtc inside)
 * joins, falls back from /rtc/v1 to /rtc, subscribes to every track and decodes audio and video. Fails as soon as
 * the simulator drifts from what real clients accept.
 */
class SimulatorRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "rtc-node-check-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void livekitsOwnClientSubscribesAndDecodesEveryTrack() throws Exception {
        try (RoomSimulator room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "interop", dir)) {
            SimulatedTrack vp8 = room.publish("alice", Codec.VP8, 0x3366cc);
            SimulatedTrack opus = room.publish("alice", Codec.OPUS, 440);
            SimulatedTrack h264 = room.publish("bob", Codec.H264, 0xcc6633);
            String token = RecorderToken.mint(KEY, SECRET, "interop", "rtc-node", Instant.now());
            Path script = Path.of(SimulatorRoomTest.class.getResource("/rtc-node/subscribe.js").toURI());
            ProcessBuilder node = new ProcessBuilder("node", script.toString(), room.wsUrl(), token, "6")
                    .redirectError(dir.resolve("rtc-node.log").toFile());
            node.environment().put("NODE_PATH", TestTools.nodeModules().toString());
            Process client = node.start();
            String output = new String(client.getInputStream().readAllBytes()).trim();
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "rtc-node did not finish");
            assertEquals(0, client.exitValue(), output + "\n" + Files.readString(
                    dir.resolve("rtc-node.log")));
            String result = output.lines().filter(line -> line.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line from rtc-node: " + output));
            JsonNode counts = new ObjectMapper().readTree(result.substring("RESULT ".length()));
            assertEquals(3, counts.path("tracks").size(), counts.toString());
            for (SimulatedTrack track : new SimulatedTrack[] {vp8, opus, h264}) {
                assertTrue(counts.path("tracks").toString().contains(track.sid()), counts.toString());
            }
            assertTrue(counts.path("audioFrames").asInt() > 200, "decoded audio: " + counts);
            assertTrue(counts.path("videoFrames").asInt() > 60, "decoded video: " + counts);
        }
    }
}
