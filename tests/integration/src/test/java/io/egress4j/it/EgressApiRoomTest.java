package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UpdateLayout through egress4j's Egress API (inside scripts/netns): LiveKit's Node server SDK records a room
 * composite of the simulator in the grid layout and switches it to single-speaker halfway; egress4j reaches the
 * recorder through the room's RoomService (UpdateParticipant with the layout as metadata), as a LiveKit server does,
 * and the template follows.
 */
class EgressApiRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "egress-api-room-secret-0123456789";
    private static final int ALICE = 0x3366cc;
    private static final int BOB = 0xcc6633;
    private static final int SECONDS_PER_LAYOUT = 6;

    @TempDir
    Path dir;

    private RoomSimulator room;
    private EgressProcess node;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "layouts", dir.resolve("sent"));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.process().descendants().forEach(ProcessHandle::destroyForcibly);
            node.process().destroyForcibly();
        }
        room.close();
    }

    @Test
    void updateLayoutSwitchesARoomCompositeThroughTheRoomsRoomService() throws Exception {
        room.publishParticipant("alice", Codec.VP8, ALICE, 440);
        room.publishParticipant("bob", Codec.H264, BOB, 660);
        room.speak("alice");
        int port = TestProcesses.freePort();
        Path config = Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                ws_url: %s
                admin: {port: %d, records_dir: %s}
                cpu_cost: {room_composite_cpu_cost: 1}
                """.formatted(KEY, SECRET, room.wsUrl(), port, dir.resolve("records")));
        node = EgressProcess.startServe(dir.resolve("node"), config);

        JsonNode result = NodeScripts.result("/egress-api/layout.js", List.of("http://127.0.0.1:" + port, KEY,
                SECRET, "layouts", "grid", "single-speaker", String.valueOf(SECONDS_PER_LAYOUT)),
                dir.resolve("layout.log"), node::stderrText);
        String egressId = result.path("egressId").asText();
        assertEquals(egressId, result.path("switched").path("egressId").asText(), result.toString());
        assertEquals("EGRESS_COMPLETE", result.path("ended").asText(), result.toString());
        assertEquals(List.of(egressId + " {\"layout\":\"single-speaker\"}"), room.participantUpdates(),
                "the recorder's metadata, set through RoomService");

        Path file = Path.of(result.path("file").asText());
        double end = MediaProbe.of(file).durationSeconds();
        assertTrue(end > 2 * SECONDS_PER_LAYOUT - 2, end + " s");
        MediaProbe.assertCells(file, 2.5, 2, 1, Map.of(0, ALICE, 1, BOB), "grid: alice left, bob right");
        MediaProbe.assertCells(file, end - 1.5, 2, 1, Map.of(0, ALICE, 1, ALICE), "single-speaker: alice alone");
    }
}
