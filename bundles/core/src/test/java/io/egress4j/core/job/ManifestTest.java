package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final EgressInfo INFO = EgressInfo.newBuilder().setEgressId("EG_abc").setStartedAt(1)
            .setEndedAt(2)
            .addFileResults(FileInfo.newBuilder().setFilename("a/b.mp4").setLocation("/root/a/b.mp4"))
            .build();

    @Test
    void writesUpstreamFieldsAndLeavesEmptyOnesOut() throws Exception {
        Manifest manifest = new Manifest();
        manifest.playlist("hls/index.m3u8", "");
        byte[] json = manifest.json(INFO, "https://example.com/?a=<b>&c=d");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals("EG_abc", tree.path("egress_id").asText());
        assertEquals("https://example.com/?a=<b>&c=d", tree.path("url").asText());
        assertFalse(new String(json, StandardCharsets.UTF_8).contains("\\u003c"), "no HTML escaping");
        assertEquals(1, tree.path("started_at").asLong());
        assertEquals("a/b.mp4", tree.path("files").get(0).path("filename").asText());
        assertEquals("/root/a/b.mp4", tree.path("files").get(0).path("location").asText());
        assertFalse(tree.has("room_id"), "omitempty");
        assertFalse(tree.has("room_name"), "omitempty");
        assertFalse(tree.has("playlists"), "a playlist that stored nothing is left out");
        assertFalse(tree.has("images"), "omitempty");
    }

    @Test
    void listsEachPlaylistWithItsSegmentsButNotTheLivePlaylist() throws Exception {
        Manifest manifest = new Manifest();
        Manifest.Listing hls = manifest.playlist("hls/index.m3u8", "hls/live.m3u8");
        Manifest.Listing other = manifest.playlist("other.m3u8", "");
        hls.stored("hls/seg_00000.ts", "s3://b/hls/seg_00000.ts", null);
        hls.stored("hls/live.m3u8", "s3://b/hls/live.m3u8", null);
        hls.stored("hls/index.m3u8", "s3://b/hls/index.m3u8", null);
        hls.stored("hls/seg_00001.ts", "s3://b/hls/seg_00001.ts", null);
        other.stored("other_00000.ts", "/r/other_00000.ts", null);

        JsonNode playlists = new ObjectMapper().readTree(manifest.json(INFO, "")).path("playlists");

        assertEquals(2, playlists.size());
        JsonNode first = playlists.get(0);
        assertEquals("location", first.fieldNames().next(), "location first, as upstream");
        assertEquals("s3://b/hls/index.m3u8", first.path("location").asText());
        assertEquals(2, first.path("segments").size());
        assertEquals("hls/seg_00000.ts", first.path("segments").get(0).path("filename").asText());
        assertEquals("s3://b/hls/seg_00000.ts", first.path("segments").get(0).path("location").asText());
        assertEquals("hls/seg_00001.ts", first.path("segments").get(1).path("filename").asText());
        assertFalse(playlists.get(1).has("location"), "its playlist was never stored");
        assertEquals("other_00000.ts", playlists.get(1).path("segments").get(0).path("filename").asText());
    }

    @Test
    void listsImagesWithTheirRfc3339Time() throws Exception {
        Manifest manifest = new Manifest();
        Manifest.Listing images = manifest.images();
        images.stored("thumbs/img_00000.jpeg", "https://b.s3.amazonaws.com/thumbs/img_00000.jpeg",
                Instant.parse("2026-11-22T03:04:05.678Z"));
        images.stored("thumbs/img_00001.jpeg", "https://b.s3.amazonaws.com/thumbs/img_00001.jpeg",
                Instant.parse("2026-11-22T03:04:15Z"));

        JsonNode image = new ObjectMapper().readTree(manifest.json(INFO, "")).path("images");

        assertEquals(2, image.size());
        assertEquals("thumbs/img_00000.jpeg", image.get(0).path("filename").asText());
        assertEquals("2026-11-22T03:04:05.678Z", image.get(0).path("timestamp").asText());
        assertEquals("https://b.s3.amazonaws.com/thumbs/img_00000.jpeg", image.get(0).path("location").asText());
        assertEquals("2026-11-22T03:04:15Z", image.get(1).path("timestamp").asText());
    }

    @Test
    void outputsThatStoreNothingWhileRecordingAreNotListed() throws Exception {
        Manifest manifest = new Manifest();
        Manifest.UNLISTED.stored("a/b.mp4", "/root/a/b.mp4", null);
        JsonNode tree = new ObjectMapper().readTree(manifest.json(INFO, ""));
        assertEquals(1, tree.path("files").size());
        assertFalse(tree.has("playlists"));
    }
}
