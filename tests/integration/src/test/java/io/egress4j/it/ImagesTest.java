package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails next to a file: the expected count at the requested size, named per the suffix mode. */
class ImagesTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void takesJpegSnapshotsAtTheIntervalSizeAndNaming() throws Exception {
        try (TestPages pages = new TestPages()) {
            Path request = Files.writeString(dir.resolve("images.json"), """
                    {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                     "fileOutputs": [{"filepath": "img/full.mp4"}],
                     "imageOutputs": [
                       {"filenamePrefix": "img/thumb", "captureInterval": 2, "width": 320, "height": 180,
                        "filenameSuffix": "IMAGE_SUFFIX_TIMESTAMP"},
                       {"filenamePrefix": "img/index", "captureInterval": 3},
                       {"filenamePrefix": "img/latest", "captureInterval": 1,
                        "filenameSuffix": "IMAGE_SUFFIX_NONE_OVERWRITE"}]}
                    """.formatted(pages.url("tone.html")));
            EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(),
                    "--duration", "7");
            assertEquals(0, egress.exitCode(), egress.stderrText());
            JsonNode info = egress.info();
            double seconds = info.path("fileResults").get(0).path("duration").asLong() / 1e9;
            Path folder = dir.resolve("recordings/img");

            JsonNode thumbs = info.path("imageResults").get(0);
            assertEquals("img/thumb", thumbs.path("filenamePrefix").asText());
            List<Path> stamped = list(folder, "thumb_");
            assertEquals(thumbs.path("imageCount").asLong(), stamped.size());
            assertEquals(Math.ceil(seconds / 2), stamped.size(), 1.0, "one every 2 s over " + seconds + " s");
            for (Path image : stamped) {
                assertTrue(image.getFileName().toString().matches("thumb_\\d{17}\\.jpeg"), image.toString());
                JsonNode picture = MediaProbe.of(image).video();
                assertEquals("mjpeg", picture.path("codec_name").asText());
                assertEquals(320, picture.path("width").asInt());
                assertEquals(180, picture.path("height").asInt());
            }

            List<Path> indexed = list(folder, "index_");
            assertEquals(Math.ceil(seconds / 3), indexed.size(), 1.0);
            assertTrue(Files.exists(folder.resolve("index_00000.jpeg")));
            assertEquals(640, MediaProbe.of(folder.resolve("index_00000.jpeg")).video().path("width").asInt(),
                    "default size: the output's");

            assertEquals(List.of(folder.resolve("latest.jpeg")), list(folder, "latest"),
                    "NONE_OVERWRITE keeps one file");
            assertTrue(info.path("imageResults").get(2).path("imageCount").asLong() >= 5);

            // one manifest in the shared folder lists every image stored, with the time it was taken
            JsonNode manifest = new ObjectMapper().readTree(
                    folder.resolve(info.path("egressId").asText() + ".json").toFile());
            JsonNode images = manifest.path("images");
            long total = 0;
            for (JsonNode result : info.path("imageResults")) {
                total += result.path("imageCount").asLong();
            }
            assertEquals(total, images.size());
            for (JsonNode image : images) {
                String name = image.path("filename").asText();
                assertTrue(name.startsWith("img/") && name.endsWith(".jpeg"), name);
                assertEquals(folder.resolve(name.substring(4)).toString(), image.path("location").asText());
                Instant taken = Instant.parse(image.path("timestamp").asText());
                if (name.startsWith("img/thumb_")) {
                    assertEquals(name.substring(10, 27), STAMP.format(taken),
                            "TIMESTAMP names carry the time the manifest gives");
                }
            }
        }
    }

    private static List<Path> list(Path folder, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
