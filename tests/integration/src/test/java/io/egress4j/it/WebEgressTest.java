package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Web egress end to end: the real egress command records a page served on loopback, ffprobe checks the file. */
class WebEgressTest {

    private static TestPages pages;

    @TempDir
    Path dir;

    @BeforeAll
    static void servePages() throws Exception {
        pages = new TestPages();
    }

    @AfterAll
    static void stopPages() {
        pages.close();
    }

    @Test
    void recordsA720pMp4WithH264AndStereoAac() throws Exception {
        EgressProcess egress = EgressProcess.run(dir, "record", "--url", pages.url("tone.html"),
                "--output", "web/{time}.mp4", "--duration", "6");
        assertEquals(0, egress.exitCode(), egress.stderrText());

        JsonNode info = egress.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText());
        assertTrue(info.path("egressId").asText().startsWith("EG_"));
        JsonNode file = info.path("fileResults").get(0);
        Path recording = Path.of(file.path("location").asText());
        assertTrue(recording.startsWith(dir.resolve("recordings/web")), "stored under the local root: " + recording);
        assertFalse(file.path("filename").asText().contains("{"), "tokens are filled in");
        assertEquals(Files.size(recording), file.path("size").asLong());

        MediaProbe probe = MediaProbe.of(recording);
        JsonNode video = probe.video();
        assertEquals("h264", video.path("codec_name").asText());
        assertEquals(1280, video.path("width").asInt());
        assertEquals(720, video.path("height").asInt());
        assertEquals(30.0, MediaProbe.frameRate(video), 1.5, "frame rate");
        JsonNode audio = probe.audio();
        assertEquals("aac", audio.path("codec_name").asText());
        assertEquals(2, audio.path("channels").asInt());

        double reported = file.path("duration").asLong() / 1e9;
        assertEquals(6.0, reported, 1.0, "EgressInfo duration");
        assertEquals(reported, probe.durationSeconds(), 0.5, "ffprobe duration vs EgressInfo duration");
        assertTrue(MediaProbe.meanVolumeDb(recording) > -40, "the page's tone is in the recording");

        Path manifest = recording.resolveSibling(info.path("egressId").asText() + ".json");
        assertTrue(Files.isRegularFile(manifest), "manifest next to the file");
        assertTrue(Files.readString(manifest).contains(recording.toString()));
        assertEquals(manifest.toString(), info.path("manifestLocation").asText());
        assertFalse(MediaProbe.mp4Boxes(recording).contains("moof"), "finalised into a regular MP4");
    }

    @Test
    void audioOnlyRecordsOggOpus() throws Exception {
        EgressProcess egress = EgressProcess.run(dir, "record", "--url", pages.url("tone.html"),
                "--output", "audio", "--audio-only", "--duration", "4");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        Path recording = location(egress.info());
        assertTrue(recording.toString().endsWith("audio.ogg"), recording.toString());
        MediaProbe probe = MediaProbe.of(recording);
        assertEquals("opus", probe.audio().path("codec_name").asText());
        assertTrue(probe.stream("video").isEmpty(), "no video stream");
        assertTrue(MediaProbe.meanVolumeDb(recording) > -40, "not silent");
    }

    @Test
    void videoOnlyRecordsMp4WithoutAudio() throws Exception {
        EgressProcess egress = EgressProcess.run(dir, "record", "--url", pages.url("tone.html"),
                "--output", "silent.mp4", "--video-only", "--duration", "4");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        MediaProbe probe = MediaProbe.of(location(egress.info()));
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertTrue(probe.stream("audio").isEmpty(), "no audio stream");
    }

    @Test
    void webmRecordsVp8AndOpus() throws Exception {
        EgressProcess egress = EgressProcess.run(dir, "record", "--url", pages.url("tone.html"),
                "--output", "clip.webm", "--duration", "4");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        MediaProbe probe = MediaProbe.of(location(egress.info()));
        assertTrue(probe.formatName().contains("webm") || probe.formatName().contains("matroska"));
        assertEquals("vp8", probe.video().path("codec_name").asText());
        assertEquals("opus", probe.audio().path("codec_name").asText());
    }

    @Test
    void presetSetsTheOutputSize() throws Exception {
        Path request = Files.writeString(dir.resolve("preset.json"), """
                {"url": "%s", "preset": "H264_1080P_30", "fileOutputs": [{"filepath": "preset.mp4"}]}
                """.formatted(pages.url("tone.html")));
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--duration", "3");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        JsonNode video = MediaProbe.of(location(egress.info())).video();
        assertEquals(1920, video.path("width").asInt());
        assertEquals(1080, video.path("height").asInt());
    }

    @Test
    void advancedOptionsAreHonoured() throws Exception {
        Path request = Files.writeString(dir.resolve("advanced.json"), """
                {"url": "%s", "advanced": {"width": 640, "height": 360, "framerate": 15, "videoBitrate": 600,
                 "videoCodec": "H264_HIGH", "audioCodec": "OPUS"},
                 "fileOutputs": [{"filepath": "advanced.mp4"}]}
                """.formatted(pages.url("tone.html")));
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--duration", "4");
        assertEquals(0, egress.exitCode(), egress.stderrText());
        MediaProbe probe = MediaProbe.of(location(egress.info()));
        JsonNode video = probe.video();
        assertEquals(640, video.path("width").asInt());
        assertEquals(360, video.path("height").asInt());
        assertEquals("High", video.path("profile").asText());
        assertEquals(15.0, MediaProbe.frameRate(video), 1.0);
        assertTrue(video.path("bit_rate").asLong() < 600_000 * 1.5, "bitrate near 600 kbps: " + video);
        assertEquals("opus", probe.audio().path("codec_name").asText());
    }

    static Path location(JsonNode info) {
        assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
        return Path.of(info.path("fileResults").get(0).path("location").asText());
    }
}
