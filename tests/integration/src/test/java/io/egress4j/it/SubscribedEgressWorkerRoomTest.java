package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedParticipant;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Participant, track composite and audio-only room composite egress as a LiveKit server drives them (inside
 * scripts/netns): StartEgress over Redis to the real worker, which claims all three; the participant goes to a file,
 * HLS and RTMP at once.
 */
class SubscribedEgressWorkerRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "subscribed-worker-secret-0123";
    private static final String STREAM_KEY = "participant-key-4711";
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
    void theWorkerClaimsParticipantTrackCompositeAndRoomAudioEgressAndRecordsThemToTheEnd() throws Exception {
        room.publishParticipant("alice", Codec.VP8, 0x3366cc, 440);
        SimulatedParticipant bob = room.publishParticipant("bob", Codec.H264, 0xcc6633, 660);
        int metrics = TestProcesses.freePort();
        worker = EgressProcess.startWorker(dir.resolve("worker"), """
                redis:
                  address: %s
                prometheus_port: %d
                api_key: %s
                api_secret: %s
                ws_url: %s
                cpu_cost: {participant_cpu_cost: 0.5, track_composite_cpu_cost: 0.5,
                           sdk_audio_room_composite_cpu_cost: 0.2}
                """.formatted(redis.address(), metrics, KEY, SECRET, room.wsUrl()));

        livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_participant").setRoomId("RM_standup")
                .setParticipant(ParticipantEgressRequest.newBuilder().setRoomName("standup").setIdentity("alice")
                        .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("p/{publisher_identity}.mp4"))
                        .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("p/seg")
                                .setPlaylistName("p/index.m3u8").setSegmentDuration(2))
                        .addStreamOutputs(StreamOutput.newBuilder().addUrls(nginx.url(STREAM_KEY))))
                .build());
        livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_composite").setRoomId("RM_standup")
                .setTrackComposite(TrackCompositeEgressRequest.newBuilder().setRoomName("standup")
                        .setAudioTrackId(bob.audio().sid()).setVideoTrackId(bob.video().sid())
                        .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("tc/bob.mp4")))
                .build());
        livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_audio").setRoomId("RM_standup")
                .setRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName("standup").setAudioOnly(true)
                        .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("mix/room.ogg")))
                .build());
        livekit.awaitInfo("EG_participant", "active with its stream started",
                info -> info.getStatus() == EgressStatus.EGRESS_ACTIVE && info.getStreamResultsCount() == 1
                        && info.getStreamResults(0).getStatus() == StreamInfo.Status.ACTIVE,
                Duration.ofSeconds(60));
        livekit.awaitStatus("EG_composite", EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(60));
        livekit.awaitStatus("EG_audio", EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(60));
        PrometheusScrape running = PrometheusScrape.of(metrics);
        assertEquals(1, running.value("livekit_egress_requests", "type=participant"), running.toString());
        assertEquals(1, running.value("livekit_egress_requests", "type=track_composite"), running.toString());
        assertEquals(1, running.value("livekit_egress_requests", "type=room_composite"), running.toString());
        Thread.sleep(RECORD_MILLIS);
        livekit.stopEgress("EG_participant");
        livekit.stopEgress("EG_composite");
        livekit.stopEgress("EG_audio");

        EgressInfo participant = livekit.awaitStatus("EG_participant", EgressStatus.EGRESS_COMPLETE,
                Duration.ofSeconds(90));
        EgressInfo composite = livekit.awaitStatus("EG_composite", EgressStatus.EGRESS_COMPLETE,
                Duration.ofSeconds(90));
        EgressInfo audio = livekit.awaitStatus("EG_audio", EgressStatus.EGRESS_COMPLETE, Duration.ofSeconds(90));
        for (String egress : List.of("EG_participant", "EG_composite", "EG_audio")) {
            assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE,
                    EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE),
                    livekit.statuses(egress).stream().distinct().toList(), egress);
        }
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, participant.getSourceType());
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, composite.getSourceType());
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, audio.getSourceType());
        MediaProbe mix = MediaProbe.of(Path.of(audio.getFileResults(0).getLocation()));
        assertEquals("opus", mix.audio().path("codec_name").asText());
        assertTrue(mix.stream("video").isEmpty(), "the room's audio alone");
        assertTrue(mix.durationSeconds() > RECORD_MILLIS / 1000.0 - 1, mix.durationSeconds() + " s");

        Path file = Path.of(participant.getFileResults(0).getLocation());
        assertEquals(dir.resolve("worker/recordings/p/alice.mp4"), file);
        assertH264AndAac(MediaProbe.of(file), RECORD_MILLIS / 1000.0 - 1);
        assertH264AndAac(MediaProbe.of(Path.of(composite.getFileResults(0).getLocation())),
                RECORD_MILLIS / 1000.0 - 1);

        Path playlist = Path.of(participant.getSegmentResults(0).getPlaylistLocation());
        List<String> listed = Files.readAllLines(playlist).stream().filter(line -> line.endsWith(".ts")).toList();
        assertTrue(listed.size() >= 3, "2 s segments of an 8 s recording: " + listed);
        assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"), "the playlist is closed");

        assertEquals(StreamInfo.Status.FINISHED, participant.getStreamResults(0).getStatus());
        assertH264AndAac(MediaProbe.of(nginx.recording(STREAM_KEY)), RECORD_MILLIS / 1000.0 - 2);

        PrometheusScrape ended = PrometheusScrape.of(metrics);
        assertEquals(1, ended.value("livekit_egress_handler_results_total", "type=participant",
                "result=completed"), ended.toString());
        assertEquals(1, ended.value("livekit_egress_handler_results_total", "type=track_composite",
                "result=completed"), ended.toString());
        assertEquals(1, ended.value("livekit_egress_handler_results_total", "type=room_composite",
                "result=completed"), ended.toString());
    }

    private static void assertH264AndAac(MediaProbe probe, double atLeastSeconds) {
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertEquals("aac", probe.audio().path("codec_name").asText());
        assertTrue(probe.durationSeconds() > atLeastSeconds, probe.durationSeconds() + " s");
    }
}
