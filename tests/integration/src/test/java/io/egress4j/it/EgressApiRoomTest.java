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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UpdateLayout through egress4j's Egress API (inside scripts/netns): LiveKit's Node server SDK records a room
 * composite of the simulator in the grid layout and switches it to single-speaker halfway; egress4j reaches the
 * recorder through the room's RoomService (UpdateParticipant with the layout as metadata), as a LiveKit server does,
 * and the template follows. The console's layout switcher then goes the same way, and the change is audited.
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

        String api = "http://127.0.0.1:" + port;
        CompletableFuture<JsonNode> script = CompletableFuture.supplyAsync(() -> {
            try {
                return NodeScripts.result("/egress-api/layout.js", List.of(api, KEY, SECRET, "layouts", "grid",
                        "single-speaker", String.valueOf(SECONDS_PER_LAYOUT)), dir.resolve("layout.log"),
                        node::stderrText);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        // Once the SDK switched, the console's switcher sets the same layout again (so the picture is unchanged).
        ConsoleClient console = ConsoleClient.logIn(api, KEY, SECRET);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (room.participantUpdates().isEmpty() && System.nanoTime() < deadline && !script.isDone()) {
            Thread.sleep(100);
        }
        String switchedId = room.participantUpdates().isEmpty() ? "none" : room.participantUpdates().get(0)
                .split(" ")[0];
        assertEquals(303, console.post("/egress/" + switchedId + "/layout", Map.of("layout", "single-speaker")),
                "the console's layout switcher");
        JsonNode result = script.get(120, TimeUnit.SECONDS);
        String egressId = result.path("egressId").asText();
        assertEquals(egressId, result.path("switched").path("egressId").asText(), result.toString());
        assertEquals("EGRESS_COMPLETE", result.path("ended").asText(), result.toString());
        assertEquals(List.of(egressId + " {\"layout\":\"single-speaker\"}", egressId
                + " {\"layout\":\"single-speaker\"}"), room.participantUpdates(),
                "the recorder's metadata, set through RoomService by the SDK, then the console");
        assertTrue(Files.readString(dir.resolve("records/audit.log")).contains("user=" + KEY
                + " layout single-speaker " + egressId), "the layout change is audited");

        Path file = Path.of(result.path("file").asText());
        double end = MediaProbe.of(file).durationSeconds();
        assertTrue(end > 2 * SECONDS_PER_LAYOUT - 2, end + " s");
        MediaProbe.assertCells(file, 2.5, 2, 1, Map.of(0, ALICE, 1, BOB), "grid: alice left, bob right");
        MediaProbe.assertCells(file, end - 1.5, 2, 1, Map.of(0, ALICE, 1, ALICE), "single-speaker: alice alone");
    }
}
