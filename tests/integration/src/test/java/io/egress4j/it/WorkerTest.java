package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.psrpc.RpcException;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.RedisServerProcess;
import io.egress4j.testkit.TestProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as a LiveKit server sees it: a real redis-server, the real {@code egress run} process, and the testkit's
 * stand-in for livekit-server sending requests and recording every EgressInfo it is told about.
 */
class WorkerTest {

    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);
    private static final Duration DONE_WITHIN = Duration.ofSeconds(90);

    private static TestPages pages;

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private LivekitServerStandIn livekit;
    private final List<EgressProcess> workers = new java.util.ArrayList<>();

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
    void stopEverything() {
        for (EgressProcess worker : workers) {
            worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.process().destroyForcibly();
        }
        livekit.close();
        redis.close();
    }

    /** Starts {@code egress run} in its own folder and waits until it serves. */
    private EgressProcess startWorker(String name) throws Exception {
        return startWorker(name, 0.5);
    }

    /**
     * @param webCost the web egress CPU cost: small so two run side by side on a small test machine, or more than
     *                the machine has so the worker cannot bid
     */
    private EgressProcess startWorker(String name, double webCost) throws Exception {
        return startWorker(name, "web_cpu_cost: " + webCost);
    }

    /** @param costs the {@code cpu_cost} section's keys, one line */
    private EgressProcess startWorker(String name, String costs) throws Exception {
        return startWorker(name, costs, "");
    }

    /** @param more further configuration lines */
    private EgressProcess startWorker(String name, String costs, String more) throws Exception {
        EgressProcess worker = EgressProcess.startWorker(dir.resolve(name), """
                redis:
                  address: %s
                health_port: %d
                prometheus_port: %d
                cpu_cost: {%s}
                %s
                """.formatted(redis.address(), TestProcesses.freePort(), TestProcesses.freePort(), costs, more));
        workers.add(worker);
        return worker;
    }

    /**
     * The worker bids only for the egress types whose bundle runs: with the web egress bundle taken out of a
     * running worker it lets web requests go unanswered while it still takes track requests, and with the bundle
     * back it takes web requests again, without a restart.
     */
    @Test
    void removingTheWebEgressBundleStopsWebBidsAndPuttingItBackRestoresThem() throws Exception {
        // The distribution without the web bundle, which sits in the worker's plugins folder instead, where it can
        // be removed and put back while the worker runs.
        Path home = dir.resolve("home");
        Path distribution = Path.of(System.getProperty("egress.home"));
        try (var files = Files.walk(distribution)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = home.resolve(distribution.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        Path webBundle;
        try (var bundles = Files.list(home.resolve("bundles"))) {
            webBundle = bundles.filter(jar -> jar.getFileName().toString().startsWith("egress4j-source-web-"))
                    .findFirst().orElseThrow();
        }
        Path plugin = dir.resolve("wp/plugins/web.jar");
        Files.createDirectories(plugin.getParent());
        Files.move(webBundle, plugin);
        EgressProcess worker = EgressProcess.startWorker(dir.resolve("wp"), """
                redis:
                  address: %s
                cpu_cost: {web_cpu_cost: 0.5, track_cpu_cost: 0.5}
                """.formatted(redis.address()), home);
        workers.add(worker);
        worker.awaitStderr("plugin started: io.egress4j.source.web", 30);

        Path staged = dir.resolve("web.jar.part");
        Files.move(plugin, staged);
        worker.awaitStderr("plugin removed: io.egress4j.source.web", 30);
        RpcException unanswered = assertThrows(RpcException.class,
                () -> livekit.startEgress(webRequest("EG_noweb", "noweb.mp4")));
        assertTrue(unanswered.getMessage().contains("no response from servers"), unanswered.getMessage());
        EgressInfo track = livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_track")
                .setWsUrl("ws://127.0.0.1:" + TestProcesses.freePort()).setToken("unused")
                .setTrack(TrackEgressRequest.newBuilder().setRoomName("room").setTrackId("TR_x")
                        .setFile(DirectFileOutput.newBuilder().setFilepath("track")))
                .build());
        assertEquals(EgressStatus.EGRESS_STARTING, track.getStatus(), "the track egress type still bids");
        // No LiveKit server listens there: the track egress fails, and the worker carries on.
        livekit.awaitStatus("EG_track", EgressStatus.EGRESS_FAILED, DONE_WITHIN);

        Files.move(staged, plugin, StandardCopyOption.ATOMIC_MOVE);
        // The worker's own line: the track egress's handler process, still open for the next track egress, watches
        // the same folder and says so too.
        awaitOwnLine(worker, "plugins: plugin started: io.egress4j.source.web", 2);
        EgressInfo web = livekit.startEgress(webRequest("EG_webback", "back.mp4"));
        assertEquals(EgressStatus.EGRESS_STARTING, web.getStatus(), "web requests are taken again");
        livekit.awaitStatus("EG_webback", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.stopEgress("EG_webback");
        livekit.awaitStatus("EG_webback", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /**
     * A handler gets its request over its socket: no process of the egress (the handler, Xvfb, PulseAudio,
     * chromedriver, Chromium) has the request's secrets in its environment, where a recorded
     * {@code file:///proc/<pid>/environ} could show them.
     */
    @Test
    void noProcessOfAnEgressHasItsSecretsInItsEnvironment() throws Exception {
        EgressProcess worker = startWorker("wenv");
        String secret = "tok-secret-4711";
        livekit.startEgress(webRequest("EG_env", "env.mp4").toBuilder().setToken(secret).build());
        livekit.awaitStatus("EG_env", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);

        List<ProcessHandle> egressProcesses = worker.process().descendants().toList();
        assertTrue(egressProcesses.size() > 3, "the handler and its children run: " + egressProcesses);
        for (ProcessHandle process : egressProcesses) {
            Path environ = Path.of("/proc", String.valueOf(process.pid()), "environ");
            if (!Files.isReadable(environ)) {
                continue; // already gone
            }
            for (String variable : new String(Files.readAllBytes(environ), StandardCharsets.ISO_8859_1)
                    .split("\0")) {
                assertFalse(variable.contains(secret) || decoded(variable).contains(secret),
                        process.info().command().orElse("?") + " has the request in " + variable.split("=")[0]);
            }
        }
        livekit.stopEgress("EG_env");
        livekit.awaitStatus("EG_env", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /** The variable's value as base64, decoded, or "" when it is not base64. */
    private static String decoded(String variable) {
        try {
            return new String(java.util.Base64.getDecoder().decode(variable.substring(variable.indexOf('=') + 1)),
                    StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    /**
     * What anyone able to start an egress could aim at: the node's own files, the cloud metadata service, and IDs
     * that are paths. Each is refused with the field named, and a refused request leaves the worker's capacity as
     * it was.
     */
    @Test
    void hostileRequestsAreRefusedThroughTheWorker() throws Exception {
        startWorker("whostile", 1.5);
        for (String url : List.of("file:///proc/self/environ", "http://169.254.169.254/latest/meta-data/")) {
            RpcException refused = assertThrows(RpcException.class, () -> livekit.startEgress(StartEgressRequest
                    .newBuilder().setEgressId("EG_hostile").setWeb(WebEgressRequest.newBuilder().setUrl(url)
                            .addFileOutputs(EncodedFileOutput.getDefaultInstance())).build()));
            assertEquals("invalid_argument", refused.code(), url);
            assertTrue(refused.getMessage().contains("request has missing or invalid field: web url ("),
                    refused.getMessage());
        }
        RpcException metadataStream = assertThrows(RpcException.class, () -> livekit.startEgress(
                webRequest("EG_hostile", "h.mp4").toBuilder().setWeb(webRequest("EG_hostile", "h.mp4").getWeb()
                        .toBuilder().addStreamOutputs(StreamOutput.newBuilder()
                                .addUrls("rtmp://169.254.169.254/live/key"))).build()));
        assertTrue(metadataStream.getMessage().contains("stream url (169.254.169.254 is a link-local address"),
                metadataStream.getMessage());
        for (String id : List.of("EG_../../etc", "EG_a/b", "EG_x y")) {
            RpcException badId = assertThrows(RpcException.class,
                    () -> livekit.startEgress(webRequest(id, "id.mp4")));
            assertEquals("request has missing or invalid field: egressID", badId.getMessage(), id);
        }
        // With 1.5 of its cores free for web egress (cost 1.5), the worker can still take one.
        livekit.startEgress(webRequest("EG_fine", "fine.mp4"));
        livekit.awaitStatus("EG_fine", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.stopEgress("EG_fine");
        livekit.awaitStatus("EG_fine", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /** A worker started before its Redis waits for it, saying so, and then serves. */
    @Test
    void aWorkerStartedBeforeItsRedisWaitsForIt() throws Exception {
        livekit.close();
        redis.stop();
        EgressProcess worker = EgressProcess.start(Files.createDirectories(dir.resolve("wwait")), "run", "--config",
                Files.writeString(dir.resolve("wwait/worker.yaml"), """
                        redis:
                          address: %s
                        cpu_cost: {web_cpu_cost: 0.5}
                        """.formatted(redis.address())).toString());
        workers.add(worker);
        worker.awaitStderr("does not answer", 30);
        assertTrue(worker.process().isAlive(), "it waits rather than exits: " + worker.stderrText());

        redis.restart();
        livekit = LivekitServerStandIn.start(redis.settings());
        worker.awaitStderr("ready: redis", 60);
        livekit.startEgress(webRequest("EG_late", "late.mp4"));
        livekit.awaitStatus("EG_late", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.stopEgress("EG_late");
        livekit.awaitStatus("EG_late", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /**
     * Redis gone for a minute in the middle of an egress: the recording goes on, the worker reconnects, and the
     * egress's stop and its terminal update go through once Redis is back.
     */
    @Test
    void aRunningEgressOutlivesAMinuteWithoutRedis() throws Exception {
        startWorker("woutage");
        livekit.startEgress(webRequest("EG_outage", "outage.mp4"));
        livekit.awaitStatus("EG_outage", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);

        livekit.close();
        redis.stop();
        Thread.sleep(60_000);
        redis.restart();
        livekit = LivekitServerStandIn.start(redis.settings());

        EgressInfo ending = awaitStop("EG_outage");
        assertEquals(EgressStatus.EGRESS_ENDING, ending.getStatus());
        EgressInfo complete = livekit.awaitStatus("EG_outage", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        double seconds = MediaProbe.of(Path.of(complete.getFileResults(0).getLocation())).durationSeconds();
        assertTrue(seconds > 60, "the recording went on through the outage: " + seconds + " s");
    }

    /** StopEgress, retried while the worker re-subscribes after Redis came back. */
    private EgressInfo awaitStop(String egressId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return livekit.stopEgress(egressId);
            } catch (RpcException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(1000);
            }
        }
    }

    private StartEgressRequest webRequest(String egressId, String filepath) {
        return pages.webRequest("quiet.html", egressId, filepath);
    }

    @Test
    void startStopAndReportLikeUpstream() throws Exception {
        EgressProcess worker = startWorker("w1");
        EgressInfo starting = livekit.startEgress(webRequest("EG_worker1", "w/{time}.mp4"));
        assertEquals(EgressStatus.EGRESS_STARTING, starting.getStatus());
        assertEquals("EG_worker1", starting.getEgressId());
        assertEquals("", starting.getRoomName(), "web egress has no room");
        assertTrue(livekit.received().stream().anyMatch(r -> r.method().equals("CreateEgress")),
                "CreateEgress(STARTING) reached the IOInfo server");

        livekit.awaitStatus("EG_worker1", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        assertEquals(List.of("EG_worker1"), livekit.listActiveEgress());
        String health = get("http://127.0.0.1:" + healthPort(worker) + "/");
        assertTrue(health.contains("\"CpuLoad\"") && health.contains("EG_worker1"), health);

        Thread.sleep(3000);
        EgressInfo ending = livekit.stopEgress("EG_worker1");
        assertEquals(EgressStatus.EGRESS_ENDING, ending.getStatus());
        assertTrue(ending.getStartedAt() > 0);
        EgressInfo complete = livekit.awaitStatus("EG_worker1", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        Path file = Path.of(complete.getFileResults(0).getLocation());
        assertTrue(file.startsWith(dir.resolve("w1/recordings/w")), file.toString());
        assertEquals("h264", MediaProbe.of(file).video().path("codec_name").asText());
        assertTrue(livekit.listActiveEgress().isEmpty(), "nothing active once it completed");
        assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING,
                EgressStatus.EGRESS_COMPLETE), livekit.statuses("EG_worker1").stream().distinct().toList());
    }

    /**
     * What handlers measure reaches the worker's Prometheus port under upstream's names: uploads by MIME type and
     * status, the segment upload queue of a running egress, the egresses' memory and PulseAudio sinks; counters
     * keep their totals once the handler exited, gauges of the egress go with it.
     */
    @Test
    void handlerMetricsAreServedByTheWorker() throws Exception {
        int metrics = portInLog(startWorker("wmetrics"), "metrics on port ");
        StartEgressRequest request = webRequest("EG_metrics", "unused.mp4");
        livekit.startEgress(request.toBuilder().setWeb(request.getWeb().toBuilder().clearFileOutputs()
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("m/seg")
                        .setPlaylistName("m/index.m3u8").setSegmentDuration(2))).build());
        livekit.awaitStatus("EG_metrics", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);

        // Handlers report every 5 s: within 20 s, several 2 s segments are stored and reported.
        PrometheusScrape running = PrometheusScrape.of(metrics);
        for (int wait = 0; wait < 20 && !(segmentUploads(running) >= 2); wait++) {
            Thread.sleep(1000);
            running = PrometheusScrape.of(metrics);
        }
        double segmentUploads = segmentUploads(running);
        assertTrue(segmentUploads >= 2, running.toString());
        assertTrue(running.value("livekit_egress_segments_uploads_channel_size", "egress_id=EG_metrics") >= 0,
                running.toString());
        assertEquals(1, running.value("livekit_egress_pulse_sinks"), running.toString());
        assertTrue(running.value("livekit_egress_proc_rss_bytes") > 100e6, running.toString());

        livekit.stopEgress("EG_metrics");
        livekit.awaitStatus("EG_metrics", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        PrometheusScrape ended = PrometheusScrape.of(metrics);
        assertTrue(segmentUploads(ended) >= segmentUploads, "the totals outlive the handler: " + ended);
        assertTrue(ended.value("livekit_egress_pipeline_uploads", "type=application/x-mpegurl", "status=success")
                >= 1, ended.toString());
        assertTrue(Double.isNaN(ended.value("livekit_egress_segments_uploads_channel_size")), ended.toString());
    }

    private static double segmentUploads(PrometheusScrape scrape) {
        return scrape.value("livekit_egress_pipeline_uploads", "type=video/mp2t", "status=success");
    }

    @Test
    void invalidRequestsAndDuplicatesGetUpstreamErrors() throws Exception {
        startWorker("w2");
        RpcException badUrl = assertThrows(RpcException.class, () -> livekit.startEgress(StartEgressRequest
                .newBuilder().setEgressId("EG_bad").setWeb(WebEgressRequest.newBuilder().setUrl("ftp://x/")
                        .addFileOutputs(EncodedFileOutput.getDefaultInstance())).build()));
        assertEquals("invalid_argument", badUrl.code());
        assertTrue(badUrl.getMessage().contains("request has missing or invalid field: web url"), badUrl.getMessage());

        livekit.startEgress(webRequest("EG_dup", "dup.mp4"));
        RpcException duplicate = assertThrows(RpcException.class,
                () -> livekit.startEgress(webRequest("EG_dup", "dup2.mp4")));
        assertEquals("already_exists", duplicate.code());
        assertEquals("egress already exists", duplicate.getMessage());

        // Stopped before its page even loaded: upstream's ABORTED, not a failure.
        livekit.stopEgress("EG_dup");
        EgressInfo aborted = livekit.awaitStatus("EG_dup", EgressStatus.EGRESS_ABORTED, DONE_WITHIN);
        assertEquals("Stop called before pipeline could start", aborted.getError());
        assertEquals(412, aborted.getErrorCode());
    }

    @Test
    void exactlyOneWorkerTakesEachRequestAndABusyWorkerWithRoomWins() throws Exception {
        EgressProcess first = startWorker("wa");
        EgressProcess second = startWorker("wb");
        livekit.startEgress(webRequest("EG_one", "one.mp4"));
        livekit.awaitStatus("EG_one", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        boolean firstTookIt = accepted(first, "EG_one");
        assertTrue(firstTookIt ^ accepted(second, "EG_one"), "exactly one worker accepted EG_one");
        EgressProcess busy = firstTookIt ? first : second;
        EgressProcess idle = firstTookIt ? second : first;

        // The busy worker bids 1, the idle one 0.5: work is packed onto the busy worker.
        livekit.startEgress(webRequest("EG_two", "two.mp4"));
        livekit.awaitStatus("EG_two", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        assertTrue(accepted(busy, "EG_two"), busy.stderrText());
        assertFalse(accepted(idle, "EG_two"), idle.stderrText());

        livekit.stopEgress("EG_one");
        livekit.stopEgress("EG_two");
        livekit.awaitStatus("EG_one", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        livekit.awaitStatus("EG_two", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /** Waits (30 s at most) until the worker itself, not a handler it relays, logged {@code text} {@code times}. */
    private static void awaitOwnLine(EgressProcess worker, String text, int times) throws InterruptedException {
        Pattern own = Pattern.compile("(?m)^\\S+ \\S+ +" + Pattern.quote(text));
        for (int i = 0; i < 300 && own.matcher(worker.stderrText()).results().count() < times; i++) {
            Thread.sleep(100);
        }
        assertEquals(times, own.matcher(worker.stderrText()).results().count(), worker.stderrText());
    }

    private static boolean accepted(EgressProcess worker, String egressId) {
        return worker.stderrText().contains("[" + egressId + "] accepted");
    }

    @Test
    void aWorkerWithoutCapacityDoesNotBid() throws Exception {
        startWorker("w3", 1000);
        RpcException refused = assertThrows(RpcException.class,
                () -> livekit.startEgress(webRequest("EG_nocpu", "x.mp4")));
        assertTrue(refused.getMessage().contains("no response from servers"), refused.getMessage());
    }

    @Test
    void aWorkerWithoutMemoryForTheJobDoesNotBid() throws Exception {
        // 0.5 GB for the egress + 1 GB of headroom do not fit in max_memory 1 GB.
        startWorker("w5", "web_cpu_cost: 0.5, max_memory: 1, memory_cost: 0.5");
        RpcException refused = assertThrows(RpcException.class,
                () -> livekit.startEgress(webRequest("EG_nomemory", "x.mp4")));
        assertTrue(refused.getMessage().contains("no response from servers"), refused.getMessage());
    }

    /** A handler that crashes fails its own egress, naming the crash and where the recording is kept. */
    @Test
    void aCrashedHandlerFailsOnlyItsEgress() throws Exception {
        EgressProcess worker = startWorker("w4");
        livekit.startEgress(webRequest("EG_victim", "victim.mp4"));
        livekit.startEgress(webRequest("EG_survivor", "survivor.mp4"));
        livekit.awaitStatus("EG_victim", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.awaitStatus("EG_survivor", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);

        Thread.sleep(3000);
        ProcessHandle victim = worker.handlerOf("EG_victim").orElseThrow();
        new ProcessBuilder("kill", "-SEGV", String.valueOf(victim.pid())).start().waitFor();
        EgressInfo failed = livekit.awaitStatus("EG_victim", EgressStatus.EGRESS_FAILED, DONE_WITHIN);
        assertEquals(500, failed.getErrorCode());
        String kept = "egress process crashed: SIGSEGV; the recording up to that point is kept at ";
        assertTrue(failed.getError().startsWith(kept), failed.getError());
        Path recording = Path.of(failed.getError().substring(kept.length()).split(";")[0]);
        assertEquals("h264", MediaProbe.of(recording).video().path("codec_name").asText());
        assertTrue(failed.getError().contains("; crash report: "), failed.getError());

        Thread.sleep(2000);
        livekit.stopEgress("EG_survivor");
        EgressInfo survivor = livekit.awaitStatus("EG_survivor", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertTrue(Files.size(Path.of(survivor.getFileResults(0).getLocation())) > 0);
        assertTrue(worker.process().isAlive(), "the worker lives on");
    }

    /**
     * A spare handler, booted before any request with its browser up, starts the next web egress in that browser
     * when the request fits it (default size); it is never reused: it exits with its egress, and the egress after it
     * gets another spare, booted meanwhile, which starts a browser of its own for a request of another size.
     */
    @Test
    void aSpareStartsTheNextEgressAndIsNeverReused() throws Exception {
        EgressProcess worker = startWorker("spares", "web_cpu_cost: 0.5", "handlers: {spares: 1}");
        worker.awaitStderr("spare handler", 60);
        long first = spareHandlers(worker).get(0);

        StartEgressRequest defaultSize = webRequest("EG_spare1", "spare1.mp4");
        livekit.startEgress(defaultSize.toBuilder().setWeb(defaultSize.getWeb().toBuilder().clearAdvanced()).build());
        livekit.awaitStatus("EG_spare1", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        assertEquals(first, worker.handlerOf("EG_spare1").orElseThrow().pid(), worker.stderrText());
        assertTrue(worker.stderrText().contains("[EG_spare1] runs in handler " + first + " (a spare"));
        assertTrue(Pattern.compile("\\[EG_spare1] .*the page opens in the browser started ahead").matcher(
                worker.stderrText()).find(), worker.stderrText());
        worker.awaitStderr("spare handler", 2, 60);
        long second = spareHandlers(worker).get(1);
        assertNotEquals(first, second);

        livekit.stopEgress("EG_spare1");
        livekit.awaitStatus("EG_spare1", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        ProcessHandle.of(first).ifPresent(spent -> spent.onExit().orTimeout(10, TimeUnit.SECONDS).join());

        livekit.startEgress(webRequest("EG_spare2", "spare2.mp4"));
        livekit.awaitStatus("EG_spare2", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        assertEquals(second, worker.handlerOf("EG_spare2").orElseThrow().pid(), worker.stderrText());
        assertTrue(Pattern.compile("\\[EG_spare2] .*the browser started ahead does not fit this request").matcher(
                worker.stderrText()).find(), worker.stderrText());
        livekit.stopEgress("EG_spare2");
        livekit.awaitStatus("EG_spare2", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
    }

    /** The spare handlers the worker booted, oldest first. */
    private static List<Long> spareHandlers(EgressProcess worker) {
        return Pattern.compile("spare handler (\\d+) ready").matcher(worker.stderrText()).results()
                .map(found -> Long.parseLong(found.group(1))).toList();
    }

    @Test
    void sigintStopsRunningEgressesCleanlyAndReportsShutdown() throws Exception {
        EgressProcess worker = startWorker("w5");
        livekit.startEgress(webRequest("EG_shutdown", "shutdown.mp4"));
        livekit.awaitStatus("EG_shutdown", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        Thread.sleep(3000);
        new ProcessBuilder("kill", "-INT", String.valueOf(worker.pid())).start().waitFor();
        EgressInfo failed = livekit.awaitStatus("EG_shutdown", EgressStatus.EGRESS_FAILED, DONE_WITHIN);
        assertEquals("server is shutting down", failed.getError());
        Path file = Path.of(failed.getFileResults(0).getLocation());
        assertFalse(MediaProbe.mp4Boxes(file).contains("moof"), "finalised, not just crash-safe");
        assertEquals(0, worker.waitFor(60), worker.stderrText());
    }

    @Test
    void redisRestartMidEgressLosesNothing() throws Exception {
        startWorker("w6");
        livekit.startEgress(webRequest("EG_redis", "redis.mp4"));
        livekit.awaitStatus("EG_redis", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        redis.restart();
        assertTrue(livekit.bus().awaitReady(Duration.ofSeconds(20)), "the stand-in reconnected");
        stopWhenReachable("EG_redis", Duration.ofSeconds(20));
        EgressInfo complete = livekit.awaitStatus("EG_redis", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertTrue(complete.getFileResults(0).getSize() > 0);
    }

    @Test
    void malformedBytesOnTheRequestChannelDoNotDisturbTheWorker() throws Exception {
        EgressProcess worker = startWorker("w7");
        livekit.bus().publish("EgressInternal|StartEgress|REQ", "not a protobuf".getBytes(StandardCharsets.UTF_8))
                .get();
        EgressInfo starting = livekit.startEgress(webRequest("EG_after_garbage", "g.mp4"));
        assertEquals(EgressStatus.EGRESS_STARTING, starting.getStatus());
        livekit.awaitStatus("EG_after_garbage", EgressStatus.EGRESS_ACTIVE, ACTIVE_WITHIN);
        livekit.stopEgress("EG_after_garbage");
        livekit.awaitStatus("EG_after_garbage", EgressStatus.EGRESS_COMPLETE, DONE_WITHIN);
        assertTrue(worker.process().isAlive());
    }

    /** StopEgress, retried while the worker is still re-subscribing after a Redis restart. */
    private void stopWhenReachable(String egressId, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                livekit.stopEgress(egressId);
                return;
            } catch (RpcException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static int healthPort(EgressProcess worker) {
        return portInLog(worker, "health on port ");
    }

    /** The port the worker's start-up line names after {@code label}. */
    private static int portInLog(EgressProcess worker, String label) {
        String log = worker.stderrText();
        return Integer.parseInt(log.substring(log.indexOf(label) + label.length()).split("\\D")[0]);
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
