package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.testkit.AzuriteProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web egress to a file and HLS stored in Azure Blob Storage: Azurite, Microsoft's emulator, started from
 * {@code .tools/} ({@link AzuriteProcess}), with the container configured in {@code storage.azure}. A request's own
 * {@code azure} block cannot name an endpoint (the proto has no such field), so the config's {@code endpoint} key is
 * what points the plugin at the emulator; locations are then {@code <endpoint>/<container>/<blob>}, e.g.
 * {@code http://127.0.0.1:41234/devstoreaccount1/recordings/show/a.mp4}, where Azure proper gives upstream's
 * {@code https://<account>.blob.core.windows.net/<container>/<blob>} (unit-tested in the plugin).
 */
class AzureBlobEgressTest {

    private static final String CONTAINER = "recordings";

    @TempDir
    Path dir;

    @Test
    void recordsAFileAndHlsToAzureWithTheirManifest() throws Exception {
        try (AzuriteProcess azurite = AzuriteProcess.start(); TestPages pages = new TestPages()) {
            BlobContainerClient container = new BlobServiceClientBuilder()
                    .endpoint(azurite.endpoint())
                    .credential(new StorageSharedKeyCredential(AzuriteProcess.ACCOUNT, AzuriteProcess.KEY))
                    .httpClient(new JdkHttpClientBuilder().build())
                    .buildClient()
                    .getBlobContainerClient(CONTAINER);
            container.create();
            Path config = Files.writeString(dir.resolve("egress.yaml"), """
                    storage:
                      azure: {account_name: %s, account_key: "%s", container_name: %s, endpoint: "%s"}
                    """.formatted(AzuriteProcess.ACCOUNT, AzuriteProcess.KEY, CONTAINER, azurite.endpoint()));
            Path request = Files.writeString(dir.resolve("azure.json"), """
                    {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                     "fileOutputs": [{"filepath": "show/full.mp4"}],
                     "segmentOutputs": [{"filenamePrefix": "show/hls/seg", "playlistName": "show/hls/index.m3u8",
                       "segmentDuration": 2}]}
                    """.formatted(pages.url("tone.html")));
            EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                    "--request", request.toString(), "--duration", "8");
            assertEquals(0, egress.exitCode(), egress.stderrText());
            assertFalse(egress.stderrText().contains(AzuriteProcess.KEY), "the account key never reaches the log");

            JsonNode info = egress.info();
            String egressId = info.path("egressId").asText();
            String base = azurite.endpoint() + "/" + CONTAINER + "/";
            assertEquals(base + "show/full.mp4", info.path("fileResults").get(0).path("location").asText());
            JsonNode segments = info.path("segmentResults").get(0);
            assertEquals(base + "show/hls/index.m3u8", segments.path("playlistLocation").asText());
            assertEquals(base + "show/" + egressId + ".json", info.path("manifestLocation").asText());

            Map<String, String> contentTypes = new TreeMap<>();
            for (BlobItem blob : container.listBlobs()) {
                contentTypes.put(blob.getName(), blob.getProperties().getContentType());
            }
            assertEquals("video/mp4", contentTypes.get("show/full.mp4"), contentTypes.toString());
            assertEquals("application/x-mpegurl", contentTypes.get("show/hls/index.m3u8"));
            assertEquals("application/json", contentTypes.get("show/" + egressId + ".json"));
            assertEquals("application/json", contentTypes.get("show/hls/" + egressId + ".json"));
            long stored = contentTypes.keySet().stream().filter(name -> name.endsWith(".ts")).count();
            assertEquals(segments.path("segmentCount").asLong(), stored, contentTypes.toString());
            assertTrue(stored >= 3, "8 s in 2 s segments: " + stored);
            contentTypes.forEach((name, type) -> {
                if (name.endsWith(".ts")) {
                    assertEquals("video/mp2t", type, name);
                }
            });

            JsonNode manifest = new ObjectMapper().readTree(
                    container.getBlobClient("show/" + egressId + ".json").downloadContent().toBytes());
            assertEquals(base + "show/full.mp4", manifest.path("files").get(0).path("location").asText());
            JsonNode playlist = manifest.path("playlists").get(0);
            assertEquals(base + "show/hls/index.m3u8", playlist.path("location").asText());
            assertEquals(stored, playlist.path("segments").size());
            String first = playlist.path("segments").get(0).path("filename").asText();
            assertEquals(base + first, playlist.path("segments").get(0).path("location").asText());
            Path downloaded = dir.resolve("full.mp4");
            container.getBlobClient("show/full.mp4").downloadToFile(downloaded.toString());
            assertEquals("h264", MediaProbe.of(downloaded).video().path("codec_name").asText());
        }
    }
}
