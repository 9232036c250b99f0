package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.StreamOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults provoked for real on a running worker, as a LiveKit server would see them: a page that burns every core,
 * a page whose memory grows past {@code max_memory}, and a disk that fills up mid-recording. In each, what was
 * recorded is kept and playable, and the worker's other egress is not disturbed.
 */
class FaultsTest {

    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);
    private static final Duration DONE_WITHIN = Duration.ofSeconds(120);

    private static TestPages pages;

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private LivekitServerStandIn livekit;
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    @BeforeAll
    static void servePages() throws Exception {
        pages = new TestPages();
    }

    @AfterAll
    static void stopPages() {
        pages.close();
    }

    @BeforeEach
    void startBus() throws Exception {
        redis = RedisServerProcess.start();
        livekit = LivekitServerStandIn.start(redis.settings());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
        livekit.close();
        redis.close();
    }

    /** {@code egress run} with {@code yaml} added to its Redis and Prometheus settings. */
    private EgressProcess startWorker(String name, int prometheusPort, String yaml) throws Exception {
        EgressProcess worker = EgressProcess.startWorker(dir.resolve(name), """
                redis:
                  address: %s
                prometheus_port: %d
                %s
                """.formatted(redis.address(), prometheusPort, yaml));
        cleanup.push(() -> {
            worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.process().destroyForcibly();
        });
        return worker;
    }

    /**
     * A page spinning every core keeps the machine above the CPU guard's threshold: after ten overloaded seconds the
     * guard stops that egress, the one over its admitted share, gracefully ("CPU exhausted", upstream's words), its
     * file finalised and stored; the quiet egress beside it carries on and completes.
     */
    @Test
    void aPageBurningEveryCoreIsStoppedWithItsRecordingKept() throws Exception {
        int metrics = TestProcesses.freePort();
        startWorker("wcpu", metrics, "cpu_cost: {web_cpu_cost: 0.5}");
        livekit.startEgress(pages.webRequest("quiet.html", "EG_calm", "calm.mp4"));
        livekit.awaitStatus("EG_calm", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.startEgress(pages.webRequest("burn.html", "EG_burn", "burn.mp4"));

        EgressInfo stopped = livekit.awaitStatus("EG_burn", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertEquals("End reason: CPU exhausted", stopped.getDetails());
        Path burnt = Path.of(stopped.getFileResults(0).getLocation());
        assertTrue(MediaProbe.of(burnt).durationSeconds() > 1, "recorded until it was stopped: " + burnt);
        assertEquals(EgressStatus.EGRESS_ACTIVE, livekit.stored("EG_calm").orElseThrow().getStatus(),
                "the calm egress was not the one stopped");
        assertEquals(1, PrometheusScrape.of(metrics).value("livekit_egress_handler_results_total", "type=web",
                "result=stopped_cpu"), "counted as upstream counts it");

        livekit.stopEgress("EG_calm");
        EgressInfo calm = livekit.awaitStatus("EG_calm", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertEquals("h264", MediaProbe.of(Path.of(calm.getFileResults(0).getLocation())).video()
                .path("codec_name").asText());
    }

    /**
     * A page whose memory grows past {@code max_memory}: the guard kills that egress before the kernel's OOM killer
     * would pick something, with upstream's "OOM: X GB used"; what it recorded is finalised and stored.
     */
    @Test
    void anEgressGrowingPastMaxMemoryIsKilledWithItsRecordingKept() throws Exception {
        int metrics = TestProcesses.freePort();
        // Admission keeps 1 GB of headroom: 0.2 GB for the egress fits in 1.5 GB; the page then grows to 2 GB.
        startWorker("wmem", metrics, "cpu_cost: {web_cpu_cost: 0.5, max_memory: 1.5, memory_cost: 0.2}");
        livekit.startEgress(pages.webRequest("grow.html", "EG_grow", "grow.mp4"));

        EgressInfo killed = livekit.awaitStatus("EG_grow", EgressStatus.EGRESS_FAILED, DONE_WITHIN);
        assertTrue(killed.getError().matches("OOM: 1\\.[5-9]\\d GB used|OOM: [2-9]\\.\\d\\d GB used"),
                killed.getError());
        Path recording = Path.of(killed.getFileResults(0).getLocation());
        assertTrue(MediaProbe.of(recording).durationSeconds() > 1, "what was recorded is kept: " + recording);
        assertEquals(1, PrometheusScrape.of(metrics).value("livekit_egress_handler_results_total", "type=web",
                "result=killed_oom"), "counted as upstream counts it");
    }

    /**
     * The storage disk fills up while a file is being written: that egress fails naming the cause, what reached the
     * disk stays playable (MP4 is written in one-second fragments), and the worker's other egress, a stream, goes on
     * and completes.
     */
    @Test
    void aFullDiskFailsTheEgressWritingThereAndKeepsWhatItWrote() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        mountTmpfs(tiny, "2m");
        NginxRtmpServer rtmp = NginxRtmpServer.start();
        cleanup.push(rtmp);
        startWorker("wdisk", TestProcesses.freePort(), """
                cpu_cost: {web_cpu_cost: 0.5}
                storage: {local: {root: %s}}
                """.formatted(tiny));
        StartEgressRequest stream = pages.webRequest("quiet.html", "EG_stream", "unused.mp4");
        livekit.startEgress(stream.toBuilder().setWeb(stream.getWeb().toBuilder().clearFileOutputs()
                .addStreamOutputs(StreamOutput.newBuilder().addUrls(rtmp.url("survivor")))).build());
        livekit.awaitStatus("EG_stream", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.startEgress(pages.webRequest("noise.html", "EG_full", "full.mp4"));

        EgressInfo failed = livekit.awaitStatus("EG_full", EgressStatus.EGRESS_FAILED, DONE_WITHIN);
        Path written = tiny.resolve("full.mp4");
        assertTrue(failed.getError().startsWith("file " + written + ": No space left"), failed.getError());
        assertTrue(MediaProbe.of(written).durationSeconds() > 1, "what reached the disk plays");

        Thread.sleep(3000);
        livekit.stopEgress("EG_stream");
        livekit.awaitStatus("EG_stream", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertTrue(MediaProbe.of(rtmp.recording("survivor")).durationSeconds() > 5, "the stream went on");
    }

    /** A size-limited tmpfs at {@code mountPoint}, unmounted after the test. Needs root, as the room tests do. */
    private void mountTmpfs(Path mountPoint, String size) throws Exception {
        List<String> mount = List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        assertEquals(0, asRoot(mount), "mounting a tmpfs needs root or passwordless sudo (CI runs as root)");
        cleanup.push(() -> asRoot(List.of("umount", "-l", mountPoint.toString())));
    }

    private static int asRoot(List<String> command) throws Exception {
        List<String> line = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            line.addAll(List.of("sudo", "-n"));
        }
        line.addAll(command);
        return new ProcessBuilder(line).inheritIO().start().waitFor();
    }
}
