package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.testkit.NginxRtmpServer;
import io.egress4j.testkit.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LiveKit's Egress API served by a standalone egress4j node ({@code egress serve}: no Redis, no LiveKit server),
 * driven by LiveKit's own Node server SDK: a web egress to a file and RTMP is started, listed, given a second
 * stream URL and relieved of the first, stopped, and seen COMPLETE; tokens LiveKit would refuse are refused; the
 * SDK's WebhookReceiver accepts the webhooks sent meanwhile, which a dead webhook URL beside it does not hold up.
 * The records outlive a restart of the node.
 */
class EgressApiTest {

    private static final String KEY = "APIegress4jtest";
    private static final String SECRET = "egress-api-test-secret-0123456789";

    @TempDir
    Path dir;

    private TestPages pages;
    private NginxRtmpServer nginx;
    private EgressProcess node;
    private Process webhookReceiver;
    private final List<String> webhookLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pages = new TestPages();
        nginx = NginxRtmpServer.start();
    }

    @AfterEach
    void stop() {
        if (webhookReceiver != null) {
            webhookReceiver.destroyForcibly();
        }
        if (node != null) {
            node.process().descendants().forEach(ProcessHandle::destroyForcibly);
            node.process().destroyForcibly();
        }
        nginx.close();
        pages.close();
    }

    @Test
    void livekitsServerSdkDrivesAWebEgressThroughItsWholeLife() throws Exception {
        int port = TestProcesses.freePort();
        int webhookPort = startWebhookReceiver();
        Path config = Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                admin: {port: %d, records_dir: %s}
                webhook: {urls: ["http://127.0.0.1:1/nobody-listens", "http://127.0.0.1:%d/hooks"]}
                cpu_cost: {web_cpu_cost: 1}
                """.formatted(KEY, SECRET, port, dir.resolve("records"), webhookPort));
        node = serve(config);
        String apiUrl = "http://127.0.0.1:" + port;

        JsonNode result = drive(apiUrl, pages.url("tone.html"), nginx.url("first-key-4711"),
                nginx.url("second-key-4712"));
        String egressId = result.path("started").path("egressId").asText();
        assertEquals("EGRESS_STARTING", result.path("started").path("status").asText(), result.toString());
        assertEquals(1, result.path("listedById").asInt(), result.toString());
        assertTrue(result.path("listedActive").toString().contains(egressId), result.toString());
        assertEquals(List.of("ACTIVE", "ACTIVE"), statuses(result.path("afterAdd")), "a second stream: " + result);
        assertEquals(List.of("FINISHED", "ACTIVE"), statuses(result.path("afterRemove")),
                "the first stream ended: " + result);
        assertFalse(result.toString().contains("first-key-4711") || result.toString().contains("second-key-4712"),
                "stream keys never leave egress4j: " + result);
        assertEquals("EGRESS_COMPLETE", result.path("ended").path("status").asText(), result.toString());
        Path file = Path.of(result.path("ended").path("files").get(0).asText());
        assertEquals("h264", MediaProbe.of(file).video().path("codec_name").asText());
        assertTrue(MediaProbe.of(nginx.recording("first-key-4711")).durationSeconds() > 2, "the first stream ran");
        assertTrue(MediaProbe.of(nginx.recording("second-key-4712")).durationSeconds() > 2, "the second one too");
        assertTrue(result.path("stopAgain").asText().startsWith("failed_precondition: egress with status"
                + " EGRESS_COMPLETE cannot be stopped"), result.toString());
        assertEquals("not_found", result.path("unknown").asText(), result.toString());
        JsonNode refused = result.path("refused");
        for (String token : List.of("otherSecret", "withoutRoomRecord", "expired", "withoutExp")) {
            assertEquals(401, refused.path(token).asInt(), token + ": " + refused);
        }

        List<String> events = awaitWebhooks(egressId, "egress_ended");
        assertEquals(List.of("egress_started EGRESS_STARTING", "egress_updated EGRESS_ACTIVE",
                "egress_updated EGRESS_ENDING", "egress_ended EGRESS_COMPLETE"), events.stream().distinct().toList(),
                "webhooks: " + webhookLines);
        assertTrue(webhookLines.stream().noneMatch(line -> line.startsWith("REFUSED")), webhookLines.toString());
        assertTrue(webhookLines.stream().filter(line -> line.startsWith("EVENT")).allMatch(line ->
                line.contains("\"userAgent\":\"LiveKit\"") && line.contains("application/webhook+json")),
                webhookLines.toString());

        // A restart keeps what the node knew.
        node.process().destroy();
        assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), "the node stopped on SIGTERM");
        node = serve(config);
        JsonNode listed = list(apiUrl, egressId);
        assertEquals("EGRESS_COMPLETE", listed.path("items").get(0).path("status").asText(), listed.toString());
    }

    /** Starts the SDK's WebhookReceiver behind a Node HTTP server; returns its port. */
    private int startWebhookReceiver() throws Exception {
        Path script = Path.of(EgressApiTest.class.getResource("/egress-api/webhooks.js").toURI());
        webhookReceiver = NodeScripts.start(List.of("node", script.toString(), KEY, SECRET),
                dir.resolve("webhooks.log"));
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                webhookReceiver.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String first = lines.readLine();
        assertTrue(first != null && first.startsWith("PORT "), "webhook receiver: " + first + " "
                + Files.readString(dir.resolve("webhooks.log")));
        Thread reader = new Thread(() -> lines.lines().forEach(webhookLines::add), "webhook-lines");
        reader.setDaemon(true);
        reader.start();
        return Integer.parseInt(first.substring("PORT ".length()).trim());
    }

    /** "<event> <status>" of each webhook received for {@code egressId}, once {@code last} has come (30 s). */
    private List<String> awaitWebhooks(String egressId, String last) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> events = new java.util.ArrayList<>();
            for (String line : webhookLines) {
                if (line.startsWith("EVENT ")) {
                    JsonNode event = json.readTree(line.substring("EVENT ".length()));
                    if (event.path("egressId").asText().equals(egressId)) {
                        events.add(event.path("event").asText() + " " + event.path("status").asText());
                    }
                }
            }
            if (events.stream().anyMatch(event -> event.startsWith(last)) || System.nanoTime() > end) {
                return events;
            }
            Thread.sleep(200);
        }
    }

    /** The status at the end of each "<url> <status>". */
    private static List<String> statuses(JsonNode streams) {
        List<String> statuses = new java.util.ArrayList<>();
        streams.forEach(stream -> statuses.add(stream.asText().substring(stream.asText().lastIndexOf(' ') + 1)));
        return statuses;
    }

    private EgressProcess serve(Path config) throws Exception {
        return EgressProcess.startServe(dir.resolve("node"), config);
    }

    private JsonNode drive(String apiUrl, String... arguments) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(apiUrl, KEY, SECRET));
        all.addAll(List.of(arguments));
        return NodeScripts.result("/egress-api/drive.js", all, dir.resolve("node.log"), node::stderrText);
    }

    /** ListEgress by ID, signed as the SDK signs it. */
    private JsonNode list(String apiUrl, String egressId) throws Exception {
        return NodeScripts.result("/egress-api/list.js", List.of(apiUrl, KEY, SECRET, egressId),
                dir.resolve("list.log"), node::stderrText);
    }
}
