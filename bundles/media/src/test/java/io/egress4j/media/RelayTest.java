package io.egress4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.Relay;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.TestProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Relays against a real nginx-rtmp: what one destination does never reaches the egress pipeline or the others. */
class RelayTest {

    private NginxRtmpServer nginx;
    private MediaPipeline pipeline;
    private final CompletableFuture<String> pipelineError = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        nginx = NginxRtmpServer.start();
        pipeline = MediaPipeline.parse("relay-test", "videotestsrc is-live=true ! video/x-raw,width=320,height=240,"
                + "framerate=30/1 ! x264enc tune=zerolatency key-int-max=30 ! h264parse ! flvmux name=mux "
                + "streamable=true ! appsink name=tap sync=false\n"
                + "audiotestsrc is-live=true ! avenc_aac ! aacparse ! mux.", (element, message) ->
                pipelineError.complete(element + ": " + message));
    }

    @AfterEach
    void stop() {
        pipeline.close();
        nginx.close();
    }

    @Test
    void relaysReachThePeerAndALateJoinerGetsADecodableStream() throws Exception {
        MediaTap tap = pipeline.tap("tap");
        pipeline.play();
        Relay first = tap.relay(sink(nginx.url("first")), error -> { });
        Thread.sleep(2000);
        Relay late = tap.relay(sink(nginx.url("late")), error -> { });
        Thread.sleep(3000);
        assertTrue(first.bytesSent() > late.bytesSent() && late.bytesSent() > 10_000,
                first.bytesSent() + " / " + late.bytesSent());
        first.finish(Duration.ofSeconds(5));
        late.finish(Duration.ofSeconds(5));
        for (String key : List.of("first", "late")) {
            assertEquals("h264,aac", codecs(nginx.recording(key)), key);
        }
        assertTrue(!pipelineError.isDone(), () -> pipelineError.join());
    }

    @Test
    void aRefusedDestinationFailsToStartAndTheEgressKeepsGoing() throws Exception {
        MediaTap tap = pipeline.tap("tap");
        pipeline.play();
        EgressException refused = assertThrows(EgressException.class,
                () -> tap.relay(sink("rtmp://127.0.0.1:" + TestProcesses.freePort() + "/live/x"), error -> { }));
        assertTrue(refused.getMessage().length() > 0);
        Relay good = tap.relay(sink(nginx.url("good")), error -> { });
        Thread.sleep(1500);
        assertTrue(good.bytesSent() > 0);
        assertTrue(!pipelineError.isDone(), () -> pipelineError.join());
    }

    @Test
    void aPeerThatVanishesFailsItsRelayOnly() throws Exception {
        MediaTap tap = pipeline.tap("tap");
        pipeline.play();
        CompletableFuture<String> failed = new CompletableFuture<>();
        tap.relay(sink(nginx.url("doomed")), failed::complete);
        Thread.sleep(1500);
        nginx.kill();
        String error = failed.get(20, TimeUnit.SECONDS);
        assertTrue(!error.isEmpty());
        Thread.sleep(1000);
        assertTrue(!pipelineError.isDone(), () -> pipelineError.join());
    }

    private static String sink(String url) {
        return "rtmp2sink async-connect=false location=\"" + url + "\"";
    }

    private static String codecs(Path file) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of",
                "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes()).trim().replace('\n', ',');
        probe.waitFor();
        return out;
    }
}
