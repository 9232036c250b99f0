package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Room composite as a LiveKit server drives it (inside scripts/netns): StartEgress over Redis to the real worker,
 * which records the room simulator's participants through the built-in template in Chromium to a file, HLS
 * segments and an RTMP stream at once, from one encode.
 */
class RoomCompositeWorkerRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "room-composite-worker-secret-01";
    private static final String ROOM_ID = "RM_standup0001";
    private static final String STREAM_KEY = "composite-key-4711";
    private static final int ALICE = 0xcc2222;
    private static final int BOB = 0x22aa22;
    /** How long the test lets the egress record once its stream is live: enough for a few HLS segments. */
    private static final long RECORD_MILLIS = 8000;

    @TempDir
    Path dir;

    private RoomSimulator room;
    private RedisServerProcess redis;
    private LivekitServerStandIn livekit;
    private NginxRtmpServer nginx;
    private EgressProcess worker;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "standup", dir.resolve("sent"));
        redis = RedisServerProcess.start();
        livekit = LivekitServerStandIn.start(redis.settings());
        nginx = NginxRtmpServer.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.process().destroyForcibly();
        }
        nginx.close();
        livekit.close();
        redis.close();
        room.close();
    }

    @Test
    void aLiveKitServerDrivesAGridToFileSegmentsAndRtmpThroughTheWorker() throws Exception {
        room.publishParticipant("alice", Codec.VP8, ALICE, 440);
        room.publishParticipant("bob", Codec.H264, BOB, 660);
        int metrics = TestProcesses.freePort();
        worker = EgressProcess.startWorker(dir.resolve("worker"), """
                redis:
                  address: %s
                prometheus_port: %d
                api_key: %s
                api_secret: %s
                ws_url: %s
                cpu_cost: {room_composite_cpu_cost: 1}
                """.formatted(redis.address(), metrics, KEY, SECRET, room.wsUrl()));

        // As OSS livekit-server sends it: the room's ID, no token or URL (the worker mints its own).
        EgressInfo starting = livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_composite")
                .setRoomId(ROOM_ID).setRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName("standup")
                        .setLayout("grid")
                        .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("rc/{room_name}.mp4"))
                        .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("rc/seg")
                                .setPlaylistName("rc/index.m3u8").setSegmentDuration(2))
                        .addStreamOutputs(StreamOutput.newBuilder().addUrls(nginx.url(STREAM_KEY))))
                .build());
        assertEquals(EgressStatus.EGRESS_STARTING, starting.getStatus(), starting.toString());
        assertEquals("standup", starting.getRoomName());
        assertEquals(ROOM_ID, starting.getRoomId());

        EgressInfo live = livekit.awaitInfo("EG_composite", "active with its stream started",
                info -> info.getStatus() == EgressStatus.EGRESS_ACTIVE && info.getStreamResultsCount() == 1
                        && info.getStreamResults(0).getStatus() == StreamInfo.Status.ACTIVE,
                Duration.ofSeconds(60));
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_WEB, live.getSourceType());
        assertEquals(1, PrometheusScrape.of(metrics).value("livekit_egress_requests", "type=room_composite"),
                "the running room composite is counted");
        Thread.sleep(RECORD_MILLIS);
        livekit.stopEgress("EG_composite");
        EgressInfo complete = livekit.awaitStatus("EG_composite", EgressStatus.EGRESS_COMPLETE,
                Duration.ofSeconds(90));

        assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING,
                EgressStatus.EGRESS_COMPLETE), livekit.statuses("EG_composite").stream().distinct().toList());
        assertEquals("standup", complete.getRoomName());
        assertEquals(ROOM_ID, complete.getRoomId());
        assertEquals("grid", complete.getRoomComposite().getLayout());
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_WEB, complete.getSourceType());

        Path file = Path.of(complete.getFileResults(0).getLocation());
        assertEquals(dir.resolve("worker/recordings/rc/standup.mp4"), file);
        MediaProbe probe = MediaProbe.of(file);
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertEquals(1280, probe.video().path("width").asInt());
        assertEquals(720, probe.video().path("height").asInt());
        assertEquals("aac", probe.audio().path("codec_name").asText());
        assertTrue(probe.durationSeconds() > RECORD_MILLIS / 1000.0 - 1, probe.durationSeconds() + " s");
        assertGridOfAliceAndBob(file);

        SegmentsInfo segments = complete.getSegmentResults(0);
        Path playlist = Path.of(segments.getPlaylistLocation());
        assertEquals(dir.resolve("worker/recordings/rc/index.m3u8"), playlist);
        List<String> listed = Files.readAllLines(playlist).stream().filter(line -> line.endsWith(".ts")).toList();
        assertTrue(listed.size() >= 3, "2 s segments of an 8 s recording: " + listed);
        assertEquals(listed.size(), segments.getSegmentCount(), segments.toString());
        for (String segment : listed) {
            assertTrue(Files.size(playlist.resolveSibling(segment)) > 0, segment);
        }
        assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"), "the playlist is closed");
        assertEquals("h264", MediaProbe.of(playlist).video().path("codec_name").asText());

        StreamInfo stream = complete.getStreamResults(0);
        assertEquals(StreamInfo.Status.FINISHED, stream.getStatus(), stream.toString());
        assertTrue(stream.getDuration() > 5_000_000_000L, stream.toString());
        MediaProbe received = MediaProbe.of(nginx.recording(STREAM_KEY));
        assertEquals("h264", received.video().path("codec_name").asText());
        assertEquals("aac", received.audio().path("codec_name").asText());
        assertTrue(received.durationSeconds() > RECORD_MILLIS / 1000.0 - 2,
                "nginx received " + received.durationSeconds() + " s");

        PrometheusScrape ended = PrometheusScrape.of(metrics);
        assertEquals(1, ended.value("livekit_egress_handler_results_total", "type=room_composite",
                "result=completed"), ended.toString());
    }

    /** Alice (who joined first) fills the left half, bob the right. */
    private static void assertGridOfAliceAndBob(Path file) throws Exception {
        MediaProbe.assertCells(file, 5.0, 2, 1, Map.of(0, ALICE, 1, BOB), "alice on the left, bob on the right");
    }
}
