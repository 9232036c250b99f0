package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.testkit.S3ProxyServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HLS segments upload while recording; the S3 server (S3Proxy, in this JVM) goes away for a few seconds in the
 * middle and comes back on the same port with the same data. Retries carry the segments over the outage: none is
 * lost and the playlist lists exactly what was stored.
 */
class StorageOutageTest {

    private static final String BUCKET = "live";

    @TempDir
    Path dir;

    @Test
    void noSegmentIsLostWhenTheStorageRestartsMidRecording() throws Exception {
        Path objects = Files.createDirectories(dir.resolve("s3/" + BUCKET)).getParent();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3ProxyServer s3 = S3ProxyServer.start(objects, port);
        try (TestPages pages = new TestPages()) {
            Path request = Files.writeString(dir.resolve("hls.json"), """
                    {"url": "%s", "videoOnly": true, "advanced": {"width": 320, "height": 180, "framerate": 15},
                     "segmentOutputs": [{"filenamePrefix": "show/seg", "playlistName": "show/index.m3u8",
                       "segmentDuration": 2, "s3": {"accessKey": "a", "secret": "b", "bucket": "%s",
                       "endpoint": "http://127.0.0.1:%d", "forcePathStyle": true, "region": "us-east-1"}}]}
                    """.formatted(pages.url("quiet.html"), BUCKET, port));
            EgressProcess egress = EgressProcess.start(dir, "record", "--request", request.toString(),
                    "--duration", "14");
            egress.awaitStderr("recording 00:00:0", 60);
            Thread.sleep(3000);
            s3.close();
            Thread.sleep(6000);
            s3 = S3ProxyServer.start(objects, port);
            assertEquals(0, egress.waitFor(180), egress.stderrText());

            JsonNode info = egress.info();
            assertFalse(info.path("backupStorageUsed").asBoolean());
            long count = info.path("segmentResults").get(0).path("segmentCount").asLong();
            assertTrue(count >= 5, "segments for 14 s of 2 s each: " + count);
            Path stored = objects.resolve(BUCKET + "/show");
            long segmentFiles;
            try (Stream<Path> files = Files.list(stored)) {
                segmentFiles = files.filter(f -> f.toString().endsWith(".ts")).count();
            }
            assertEquals(count, segmentFiles, "every segment the playlist counts is stored");
            String playlist = Files.readString(stored.resolve("index.m3u8"));
            assertEquals(count, playlist.lines().filter(line -> line.endsWith(".ts")).count());
            assertTrue(playlist.contains("#EXT-X-ENDLIST"));
        } finally {
            s3.close();
        }
    }
}
