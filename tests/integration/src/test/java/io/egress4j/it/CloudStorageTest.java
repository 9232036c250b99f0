package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings uploaded to S3 — S3Proxy, a real S3 HTTP server, runs in this JVM and keeps objects in a directory —
 * through the s3 plugin the egress process loads, with the core's backup and keep-the-local-copy rules.
 */
class CloudStorageTest {

    private static final String BUCKET = "recordings";
    /** Nothing listens here: uploads to it fail at once with "connection refused". */
    private static final String DEAD_ENDPOINT = "http://127.0.0.1:9";

    private static TestPages pages;
    private static S3Proxy s3;
    private static Path objects;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        pages = new TestPages();
        objects = Files.createTempDirectory("s3proxy");
        Files.createDirectories(objects.resolve(BUCKET));
        s3 = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(objects.toString()))
                .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.NONE, "", "")
                .build();
        s3.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(s3.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.stop();
        pages.close();
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    @Test
    void uploadsTheRecordingAndManifestToS3() throws Exception {
        Path request = Files.writeString(dir.resolve("s3.json"), """
                {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                 "fileOutputs": [{"filepath": "rooms/{time}.mp4", "s3": {"accessKey": "AKIDEXAMPLE",
                   "secret": "not-logged", "endpoint": "%s", "bucket": "%s", "forcePathStyle": true,
                   "region": "us-east-1", "metadata": {"team": "video"}}}]}
                """.formatted(pages.url("tone.html"), endpoint(), BUCKET));
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--duration", "5");
        assertEquals(0, egress.exitCode(), egress.stderrText());

        JsonNode info = egress.info();
        JsonNode file = info.path("fileResults").get(0);
        String location = file.path("location").asText();
        assertTrue(location.startsWith(endpoint() + "/" + BUCKET + "/rooms/"), location);
        assertTrue(location.endsWith(".mp4"), location);
        assertFalse(info.path("backupStorageUsed").asBoolean());
        assertEquals("{secret}", info.path("web").path("fileOutputs").get(0).path("s3").path("secret").asText());
        assertFalse(egress.stderrText().contains("not-logged"), "the secret never reaches the log");
        assertFalse(info.toString().contains("not-logged"), "nor the EgressInfo");

        HttpResponse<byte[]> object = get(location);
        assertEquals(200, object.statusCode());
        assertEquals("video/mp4", object.headers().firstValue("Content-Type").orElse(""));
        assertEquals(file.path("size").asLong(), object.body().length);
        Path downloaded = Files.write(dir.resolve("downloaded.mp4"), object.body());
        assertEquals("h264", MediaProbe.of(downloaded).video().path("codec_name").asText());

        String manifest = info.path("manifestLocation").asText();
        assertTrue(manifest.endsWith(info.path("egressId").asText() + ".json"), manifest);
        assertEquals("application/json", get(manifest).headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void anUnreachablePrimaryFallsBackToTheBackup() throws Exception {
        Path config = Files.writeString(dir.resolve("egress.yaml"), """
                storage:
                  s3: {access_key: a, secret: b, endpoint: "%s", bucket: %s, force_path_style: true,
                       region: us-east-1, max_retries: 1, min_retry_delay: 10ms, max_retry_delay: 20ms}
                backup:
                  s3: {access_key: a, secret: b, endpoint: "%s", bucket: %s, force_path_style: true,
                       region: us-east-1}
                """.formatted(DEAD_ENDPOINT, BUCKET, endpoint(), BUCKET));
        EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                "--url", pages.url("tone.html"), "--output", "fallback.mp4", "--video-only", "--duration", "3");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        JsonNode info = egress.info();
        assertTrue(info.path("backupStorageUsed").asBoolean(), info.toString());
        String location = info.path("fileResults").get(0).path("location").asText();
        assertEquals(endpoint() + "/" + BUCKET + "/fallback.mp4", location);
        assertEquals(200, get(location).statusCode());
    }

    @Test
    void whenEveryUploadFailsTheLocalCopyIsKeptAndNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("egress.yaml"), """
                storage:
                  s3: {access_key: a, secret: b, endpoint: "%s", bucket: %s, force_path_style: true,
                       region: us-east-1, max_retries: 1, min_retry_delay: 10ms, max_retry_delay: 20ms}
                """.formatted(DEAD_ENDPOINT, BUCKET));
        EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                "--url", pages.url("tone.html"), "--output", "lost.mp4", "--video-only", "--duration", "3");
        assertEquals(1, egress.exitCode(), egress.stderrText());
        JsonNode info = egress.info();
        assertEquals("EGRESS_FAILED", info.path("status").asText());
        String error = info.path("error").asText();
        assertTrue(error.contains("s3 (" + BUCKET + ") upload failed"), error);
        int at = error.indexOf("the recording is kept at ");
        assertTrue(at > 0, error);
        Path kept = Path.of(error.substring(at + "the recording is kept at ".length()).trim());
        assertTrue(Files.size(kept) > 0, "kept: " + kept);
        assertEquals("h264", MediaProbe.of(kept).video().path("codec_name").asText());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
