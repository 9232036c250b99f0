package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HLS next to a file, from one encode: the playlist plays, segments start on keyframes, times add up. */
class SegmentsTest {

    private static final int SEGMENT_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    void recordsAFileAndHlsSegmentsFromOneEncode() throws Exception {
        try (TestPages pages = new TestPages()) {
            Path request = Files.writeString(dir.resolve("hls.json"), """
                    {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15},
                     "fileOutputs": [{"filepath": "hls/full.mp4"}],
                     "segmentOutputs": [{"filenamePrefix": "hls/seg", "playlistName": "hls/index.m3u8",
                       "livePlaylistName": "hls/live.m3u8", "segmentDuration": %d, "filenameSuffix": "TIMESTAMP"}]}
                    """.formatted(pages.url("tone.html"), SEGMENT_SECONDS));
            EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(),
                    "--duration", "9");
            assertEquals(0, egress.exitCode(), egress.stderrText());

            JsonNode info = egress.info();
            JsonNode segments = info.path("segmentResults").get(0);
            Path playlist = Path.of(segments.path("playlistLocation").asText());
            assertEquals(dir.resolve("recordings/hls/index.m3u8"), playlist);
            String text = Files.readString(playlist);
            assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-PLAYLIST-TYPE:EVENT"), text);
            assertTrue(text.trim().endsWith("#EXT-X-ENDLIST"), text);

            double seconds = MediaProbe.of(playlist).durationSeconds();
            long count = segments.path("segmentCount").asLong();
            assertEquals(Math.ceil(seconds / SEGMENT_SECONDS), count, 1.0, "segment count for " + seconds + " s");

            List<String> names = new ArrayList<>();
            List<Instant> programDates = new ArrayList<>();
            List<Double> durations = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                    programDates.add(Instant.parse(line.substring(line.indexOf(':') + 1)));
                } else if (line.startsWith("#EXTINF:")) {
                    durations.add(Double.parseDouble(line.substring(8, line.length() - 1)));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    names.add(line);
                }
            }
            assertEquals(count, names.size());
            for (int i = 1; i < programDates.size(); i++) {
                double step = Duration.between(programDates.get(i - 1), programDates.get(i)).toMillis() / 1000.0;
                assertEquals(durations.get(i - 1), step, 0.05, "PROGRAM-DATE-TIME step " + i);
            }
            for (int i = 0; i < names.size(); i++) {
                // TIMESTAMP names carry the wall clock of the first sample: yyyyMMddHHmmssSSS, in UTC.
                String stamp = names.get(i).replaceAll("^seg_(\\d{17})\\.ts$", "$1");
                assertEquals(programDates.get(i).toString().replaceAll("[-:TZ.]", ""), stamp, names.get(i));
                assertTrue(startsWithKeyframe(playlist.resolveSibling(names.get(i))), names.get(i));
            }
            assertEquals(Files.readString(playlist.resolveSibling("live.m3u8")).contains("#EXT-X-ENDLIST"), true);

            Path file = Path.of(info.path("fileResults").get(0).path("location").asText());
            assertEquals("h264", MediaProbe.of(file).video().path("codec_name").asText());
            assertEquals(MediaProbe.of(file).durationSeconds(), seconds, 1.0, "file and segments hold the same media");
        }
    }

    private static boolean startsWithKeyframe(Path segment) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_frames",
                "-read_intervals", "%+#1", "-show_entries", "frame=key_frame", "-of", "csv=p=0",
                segment.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String first = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        probe.waitFor(30, TimeUnit.SECONDS);
        return first.startsWith("1");
    }
}
