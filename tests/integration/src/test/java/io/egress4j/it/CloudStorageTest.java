package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.testkit.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings uploaded to S3 — S3Proxy, a real S3 HTTP server, runs in this JVM and keeps objects in a directory —
 * through the s3 plugin the egress process loads, with the core's backup, keep-the-local-copy and presigning rules.
 * S3Proxy does not store object tags (it ignores the tagging header); S3StorageTest checks the header is sent.
 */
class CloudStorageTest {

    private static final String BUCKET = "recordings";
    /** Nothing listens here: uploads to it fail at once with "connection refused". */
    private static final String DEAD_ENDPOINT = "http://127.0.0.1:9";
    private static final int SEGMENT_SECONDS = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestPages pages;
    private static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        pages = new TestPages();
        s3 = S3ProxyServer.start(Files.createTempDirectory("s3proxy")).createBucket(BUCKET);
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.close();
        pages.close();
    }

    /** Where an object of the bucket is reported (path-style, as upstream for force_path_style). */
    private static String location(String key) {
        return s3.endpoint() + "/" + BUCKET + "/" + key;
    }

    /** A 30 s web egress to a file and HLS on S3, with the request's metadata, tags and content disposition. */
    @Test
    void recordsAFileAndHlsToS3WithTheirManifest() throws Exception {
        String upload = """
                {"accessKey": "AKIDEXAMPLE", "secret": "not-logged", "endpoint": "%s", "bucket": "%s",
                 "forcePathStyle": true, "region": "us-east-1", "metadata": {"team": "video"},
                 "tagging": "project=egress4j", "contentDisposition": "attachment"}""".formatted(s3.endpoint(), BUCKET);
        Path request = Files.writeString(dir.resolve("s3.json"), """
                {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                 "fileOutputs": [{"filepath": "show/{time}.mp4", "s3": %s}],
                 "segmentOutputs": [{"filenamePrefix": "show/hls/seg", "playlistName": "show/hls/index.m3u8",
                   "segmentDuration": %d, "s3": %s}]}
                """.formatted(pages.url("tone.html"), upload, SEGMENT_SECONDS, upload));
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--duration", "30");
        assertEquals(0, egress.exitCode(), egress.stderrText());

        JsonNode info = egress.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText());
        assertFalse(info.path("backupStorageUsed").asBoolean());
        assertEquals("{secret}", info.path("web").path("fileOutputs").get(0).path("s3").path("secret").asText());
        assertFalse(egress.stderrText().contains("not-logged"), "the secret never reaches the log");
        assertFalse(info.toString().contains("not-logged"), "nor the EgressInfo");

        JsonNode file = info.path("fileResults").get(0);
        String fileLocation = file.path("location").asText();
        assertEquals(location(file.path("filename").asText()), fileLocation);
        assertTrue(fileLocation.matches(".*/show/[^/]+\\.mp4"), fileLocation);
        HttpResponse<byte[]> mp4 = get(fileLocation);
        assertStoredAsRequested(mp4, "video/mp4");
        assertEquals(file.path("size").asLong(), mp4.body().length);
        Path downloaded = Files.write(dir.resolve("downloaded.mp4"), mp4.body());
        assertEquals(30, MediaProbe.of(downloaded).durationSeconds(), 1.5);

        JsonNode segments = info.path("segmentResults").get(0);
        String playlistLocation = location("show/hls/index.m3u8");
        assertEquals(playlistLocation, segments.path("playlistLocation").asText());
        HttpResponse<byte[]> playlist = get(playlistLocation);
        assertStoredAsRequested(playlist, "application/x-mpegurl");
        List<String> listed = new String(playlist.body()).lines().filter(line -> line.endsWith(".ts")).toList();
        long count = segments.path("segmentCount").asLong();
        double seconds = segments.path("duration").asLong() / 1e9;
        assertEquals(30, seconds, 1.5, "the segments hold the recording");
        assertEquals(seconds / SEGMENT_SECONDS, count, 1.0, count + " segments of " + SEGMENT_SECONDS + " s");
        assertEquals(count, listed.size(), "the playlist lists every stored segment");
        for (String segment : listed) {
            assertStoredAsRequested(get(location("show/hls/" + segment)), "video/mp2t");
        }

        String manifestLocation = info.path("manifestLocation").asText();
        assertEquals(location("show/" + info.path("egressId").asText() + ".json"), manifestLocation,
                "the first copy: next to the file");
        HttpResponse<byte[]> manifestObject = get(manifestLocation);
        assertStoredAsRequested(manifestObject, "application/json");
        JsonNode manifest = new ObjectMapper().readTree(manifestObject.body());
        assertEquals(info.path("egressId").asText(), manifest.path("egress_id").asText());
        assertTrue(manifest.path("ended_at").asLong() > manifest.path("started_at").asLong(), manifest.toString());
        assertEquals(fileLocation, manifest.path("files").get(0).path("location").asText());
        JsonNode manifestPlaylist = manifest.path("playlists").get(0);
        assertEquals(playlistLocation, manifestPlaylist.path("location").asText());
        assertEquals(count, manifestPlaylist.path("segments").size());
        for (JsonNode segment : manifestPlaylist.path("segments")) {
            String name = segment.path("filename").asText();
            assertTrue(listed.contains(name.substring("show/hls/".length())), name);
            assertEquals(location(name), segment.path("location").asText());
        }
        assertEquals(200, get(location("show/hls/" + info.path("egressId").asText() + ".json")).statusCode(),
                "a copy next to the playlist too");
    }

    /** What every object of the request carries: its content type, and the request's disposition and metadata. */
    private static void assertStoredAsRequested(HttpResponse<byte[]> object, String contentType) {
        assertEquals(200, object.statusCode(), object.uri().toString());
        assertEquals(contentType, object.headers().firstValue("Content-Type").orElse(""), object.uri().toString());
        assertEquals("attachment", object.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("video", object.headers().firstValue("x-amz-meta-team").orElse(""));
    }

    @Test
    void generatePresignedUrlReportsLocationsThatDownloadWithAPlainGet() throws Exception {
        Path objects = Files.createDirectories(dir.resolve("signed"));
        try (S3ProxyServer signing = S3ProxyServer.startWithKeys(objects, "AKIDSIGNING", "sign-secret")
                .createBucket(BUCKET)) {
            Path config = Files.writeString(dir.resolve("egress.yaml"), """
                    storage:
                      generate_presigned_url: true
                      s3: {access_key: AKIDSIGNING, secret: sign-secret, endpoint: "%s", bucket: %s,
                           force_path_style: true, region: us-east-1}
                    """.formatted(signing.endpoint(), BUCKET));
            EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                    "--url", pages.url("tone.html"), "--output", "signed.mp4", "--video-only", "--duration", "3");
            assertEquals(0, egress.exitCode(), egress.stderrText());

            JsonNode info = egress.info();
            String location = info.path("fileResults").get(0).path("location").asText();
            assertTrue(location.startsWith(signing.endpoint() + "/" + BUCKET + "/signed.mp4?"), location);
            assertTrue(location.contains("X-Amz-Expires=604800"), "valid 7 days: " + location);
            assertEquals(403, get(location.substring(0, location.indexOf('?'))).statusCode(),
                    "without the signature S3Proxy refuses the GET");
            HttpResponse<byte[]> object = get(location);
            assertEquals(200, object.statusCode());
            assertEquals(info.path("fileResults").get(0).path("size").asLong(), object.body().length);
            String manifest = info.path("manifestLocation").asText();
            assertTrue(manifest.contains("X-Amz-Signature="), manifest);
            assertEquals(200, get(manifest).statusCode());
            assertFalse(egress.stderrText().contains("sign-secret"), "the secret never reaches the log");
        }
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
                """.formatted(DEAD_ENDPOINT, BUCKET, s3.endpoint(), BUCKET));
        Path request = Files.writeString(dir.resolve("fallback.json"), """
                {"url": "%s", "videoOnly": true, "fileOutputs": [{"filepath": "fallback.mp4", "disableManifest": true}]}
                """.formatted(pages.url("tone.html")));
        EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                "--request", request.toString(), "--duration", "3");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        JsonNode info = egress.info();
        assertTrue(info.path("backupStorageUsed").asBoolean(), info.toString());
        String location = info.path("fileResults").get(0).path("location").asText();
        assertEquals(location("fallback.mp4"), location);
        assertEquals(200, get(location).statusCode());
        String manifest = info.path("manifestLocation").asText();
        assertEquals(location(info.path("egressId").asText() + ".json"), manifest,
                "with the backup used the manifest is stored despite disable_manifest");
        assertEquals(location, new ObjectMapper().readTree(get(manifest).body()).path("files").get(0)
                .path("location").asText());
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
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
