package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live streams against real peers: nginx with the RTMP module and srt-live-transmit, driven through the worker
 * (StartEgress, UpdateStream) and the record command.
 */
class StreamTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** Stream keys long enough to be redacted as {abc...xyz}; none may appear anywhere but in the sink. */
    private static final String KEY_A = "alphakey-1234567";
    private static final String KEY_B = "bravokey-7654321";
    private static final String KEY_C = "charliekey-555";
    private static final String KEY_D = "deltakey-8888888";

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private LivekitServerStandIn livekit;
    private NginxRtmpServer nginx;
    private TestPages pages;
    private EgressProcess worker;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        livekit = LivekitServerStandIn.start(redis.settings());
        nginx = NginxRtmpServer.start();
        pages = new TestPages();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.process().destroyForcibly();
        }
        pages.close();
        nginx.close();
        livekit.close();
        redis.close();
    }

    @Test
    void eachUrlLivesAndFailsOnItsOwnNextToFileAndSegments() throws Exception {
        worker = EgressProcess.startWorker(dir.resolve("worker"), workerConfig());
        String closedPort = "rtmp://127.0.0.1:" + TestProcesses.freePort() + "/live/" + KEY_C;
        start("EG_streams", web(StreamOutput.newBuilder().addUrls(nginx.url(KEY_A))
                .addUrls(nginx.url(KEY_B)).addUrls(closedPort))
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("s/full.mp4"))
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("s/seg")
                        .setPlaylistName("s/index.m3u8").setSegmentDuration(2)));

        EgressInfo failedOne = livekit.awaitInfo("EG_streams", "the closed port FAILED and two streams started",
                info -> stream(info, KEY_C).map(s -> s.getStatus() == StreamInfo.Status.FAILED).orElse(false)
                        && started(info, KEY_A) && started(info, KEY_B), WITHIN);
        assertEquals(EgressStatus.EGRESS_ACTIVE, failedOne.getStatus());
        assertTrue(stream(failedOne, KEY_C).get().getError().contains("refused"), failedOne.toString());
        assertEquals("rtmp://127.0.0.1:" + closedPort.split("[:/]")[4] + "/live/{cha...555}",
                stream(failedOne, KEY_C).get().getUrl());

        MediaProbe live = MediaProbe.ofLive(nginx.url(KEY_B));
        assertEquals("h264", live.video().path("codec_name").asText());
        assertEquals("aac", live.audio().path("codec_name").asText());

        EgressInfo updated = livekit.updateStream("EG_streams", List.of(nginx.url(KEY_D)), List.of(nginx.url(KEY_A)));
        assertEquals(StreamInfo.Status.FINISHED, stream(updated, KEY_A).get().getStatus());
        livekit.awaitInfo("EG_streams", "the added URL started", info -> started(info, KEY_D), WITHIN);

        // The peer vanishes: after the reconnect window the streams fail, the file and segments carry on.
        nginx.kill();
        long killedAt = System.nanoTime();
        EgressInfo lost = livekit.awaitInfo("EG_streams", "the streams failed after nginx was killed",
                info -> failed(info, KEY_B) && failed(info, KEY_D), Duration.ofSeconds(60));
        assertEquals(EgressStatus.EGRESS_ACTIVE, lost.getStatus());
        assertTrue(stream(lost, KEY_B).get().getRetries() > 0, lost.toString());
        livekit.stopEgress("EG_streams");
        double outageSeconds = (System.nanoTime() - killedAt) / 1e9;
        EgressInfo complete = livekit.awaitStatus("EG_streams", EgressStatus.EGRESS_COMPLETE, Duration.ofSeconds(90));

        Path file = Path.of(complete.getFileResults(0).getLocation());
        double fileSeconds = MediaProbe.of(file).durationSeconds();
        assertTrue(fileSeconds > outageSeconds + 3, "the file kept recording through the " + outageSeconds
                + " s outage: " + fileSeconds + " s");
        assertEquals("h264", MediaProbe.of(Path.of(complete.getSegmentResults(0).getPlaylistLocation())).video()
                .path("codec_name").asText());
        assertEquals("h264,aac", codecs(nginx.recording(KEY_B)));
        String everything = livekit.history("EG_streams").toString() + worker.stderrText();
        for (String key : List.of(KEY_A, KEY_B, KEY_C, KEY_D)) {
            assertFalse(everything.contains(key), key + " leaked into EgressInfo or the worker log");
        }
    }

    @Test
    void removingTheLastStreamEndsAStreamOnlyEgress() throws Exception {
        worker = EgressProcess.startWorker(dir.resolve("worker"), workerConfig());
        start("EG_only", web(StreamOutput.newBuilder().addUrls(nginx.url(KEY_A))));
        livekit.awaitInfo("EG_only", "the stream started", info -> started(info, KEY_A), WITHIN);
        livekit.updateStream("EG_only", List.of(), List.of(nginx.url(KEY_A)));
        EgressInfo complete = livekit.awaitStatus("EG_only", EgressStatus.EGRESS_COMPLETE, Duration.ofSeconds(60));
        assertEquals("End reason: All streams stopped", complete.getDetails());
        assertEquals(StreamInfo.Status.FINISHED, complete.getStream().getInfo(0).getStatus());
        assertTrue(complete.getStream().getInfo(0).getDuration() > 0);
    }

    @Test
    void srtReachesAListener() throws Exception {
        int port = TestProcesses.freePort();
        Path received = dir.resolve("received.ts");
        Process listener = new ProcessBuilder("srt-live-transmit", "-q", "srt://:" + port + "?mode=listener",
                "file://con").redirectOutput(received.toFile()).redirectError(dir.resolve("srt.err").toFile())
                .start();
        try {
            Path request = Files.writeString(dir.resolve("srt.json"), """
                    {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                     "streamOutputs": [{"urls": ["srt://127.0.0.1:%d"]}]}
                    """.formatted(pages.url("tone.html"), port));
            EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(),
                    "--duration", "6");
            assertEquals(0, egress.exitCode(), egress.stderrText());
            assertEquals("EGRESS_COMPLETE", egress.info().path("status").asText());
        } finally {
            TestProcesses.stop(listener);
        }
        MediaProbe probe = MediaProbe.of(received);
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertEquals("aac", probe.audio().path("codec_name").asText());
        assertTrue(probe.durationSeconds() > 3, "received " + probe.durationSeconds() + " s");
    }

    private String workerConfig() {
        return """
                redis:
                  address: %s
                cpu_cost:
                  web_cpu_cost: 0.5
                """.formatted(redis.address());
    }

    private WebEgressRequest.Builder web(StreamOutput.Builder stream) {
        return WebEgressRequest.newBuilder().setUrl(pages.url("tone.html"))
                .setAdvanced(EncodingOptions.newBuilder().setWidth(640).setHeight(360).setFramerate(15))
                .addStreamOutputs(stream);
    }

    private void start(String egressId, WebEgressRequest.Builder web) throws Exception {
        livekit.startEgress(StartEgressRequest.newBuilder().setEgressId(egressId).setWeb(web).build());
    }

    private static Optional<StreamInfo> stream(EgressInfo info, String key) {
        String redacted = "{" + key.substring(0, 3) + "...";
        return info.getStreamResultsList().stream().filter(s -> s.getUrl().contains(redacted)).findFirst();
    }

    private static boolean started(EgressInfo info, String key) {
        return stream(info, key).map(s -> s.getStatus() == StreamInfo.Status.ACTIVE && s.getStartedAt() > 0)
                .orElse(false);
    }

    private static boolean failed(EgressInfo info, String key) {
        return stream(info, key).map(s -> s.getStatus() == StreamInfo.Status.FAILED).orElse(false);
    }

    private static String codecs(Path file) throws Exception {
        return MediaProbe.of(file).stream("video").get().path("codec_name").asText() + ","
                + MediaProbe.of(file).stream("audio").get().path("codec_name").asText();
    }
}
