package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void writesUpstreamFieldsAndLeavesEmptyOnesOut() throws Exception {
        EgressInfo info = EgressInfo.newBuilder().setEgressId("EG_abc").setStartedAt(1).setEndedAt(2)
                .addFileResults(FileInfo.newBuilder().setFilename("a/b.mp4").setLocation("/root/a/b.mp4"))
                .build();
        JsonNode manifest = new ObjectMapper().readTree(Manifest.json(info, "https://example.com/?a=<b>"));
        assertEquals("EG_abc", manifest.path("egress_id").asText());
        assertEquals("https://example.com/?a=<b>", manifest.path("url").asText(), "no HTML escaping");
        assertEquals(1, manifest.path("started_at").asLong());
        assertEquals("a/b.mp4", manifest.path("files").get(0).path("filename").asText());
        assertEquals("/root/a/b.mp4", manifest.path("files").get(0).path("location").asText());
        assertFalse(manifest.has("room_id"), "omitempty");
        assertFalse(manifest.has("room_name"), "omitempty");
    }
}
