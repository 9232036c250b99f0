package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Room composite against the room simulator (inside scripts/netns): the built-in template, with the real
 * livekit-client in Chromium, joins the room as the recorder and lays out the participants it sees.
 */
class RoomCompositeRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "room-composite-test-secret-0123";
    private static final int ALICE = 0xcc2222;
    private static final int BOB = 0x22aa22;

    @TempDir
    Path dir;

    private RoomSimulator room;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "standup", dir.resolve("sent"));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    /** Two participants in a grid: each in its own half, in join order, and their audio in the mix. */
    @Test
    void aGridShowsEveryParticipantInACellOfItsOwn() throws Exception {
        room.publishParticipant("alice", Codec.VP8, ALICE, 440);
        room.publishParticipant("bob", Codec.H264, BOB, 660);

        EgressProcess egress = EgressProcess.start(dir, "record", "--room", "standup", "--layout", "grid",
                "--output", "rc/{room_name}.mp4", "--config", config().toString(), "--duration", "10");
        assertEquals(0, egress.waitFor(120), egress.stderrText());
        JsonNode info = egress.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
        // WEB is the enum's zero, which protobuf JSON leaves out
        assertEquals("EGRESS_SOURCE_TYPE_WEB", info.path("sourceType").asText("EGRESS_SOURCE_TYPE_WEB"));
        Path file = Path.of(info.path("fileResults").get(0).path("location").asText());
        assertEquals(dir.resolve("recordings/rc/standup.mp4"), file);

        MediaProbe probe = MediaProbe.of(file);
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertEquals(1280, probe.video().path("width").asInt());
        assertEquals(720, probe.video().path("height").asInt());
        assertEquals("aac", probe.audio().path("codec_name").asText());
        // Half a second after a whole second: between the participants' white flashes.
        int[] halves = MediaProbe.cellColours(file, 6.5, 2, 1);
        assertTrue(MediaProbe.sameColour(ALICE, halves[0], 40), "alice, who joined first, on the left: "
                + Integer.toHexString(halves[0]));
        assertTrue(MediaProbe.sameColour(BOB, halves[1], 40), "bob on the right: " + Integer.toHexString(halves[1]));
        assertTrue(MediaProbe.meanVolumeDb(file) > -40, "their tones are in the mix");
    }

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                ws_url: %s
                """.formatted(KEY, SECRET, room.wsUrl()));
    }
}
