package io.egress4j.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;

/**
 * The manifest upstream writes at the end of an egress ({@code <egressID>.json}, next to each output): who, when,
 * and where every artifact went. Empty fields are left out, as upstream's omitempty does.
 */
final class Manifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Manifest() {
    }

    static byte[] json(EgressInfo info, String url) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        putIfPresent(manifest, "egress_id", info.getEgressId());
        putIfPresent(manifest, "room_id", info.getRoomId());
        putIfPresent(manifest, "room_name", info.getRoomName());
        putIfPresent(manifest, "url", url);
        putIfPresent(manifest, "started_at", info.getStartedAt());
        putIfPresent(manifest, "ended_at", info.getEndedAt());
        List<Map<String, Object>> files = info.getFileResultsList().stream().map(Manifest::file).toList();
        if (!files.isEmpty()) {
            manifest.put("files", files);
        }
        try {
            return JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is plain data and always serialisable", e);
        }
    }

    private static Map<String, Object> file(FileInfo file) {
        Map<String, Object> entry = new LinkedHashMap<>();
        putIfPresent(entry, "filename", file.getFilename());
        putIfPresent(entry, "location", file.getLocation());
        return entry;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        boolean empty = value == null || "".equals(value) || Long.valueOf(0).equals(value);
        if (!empty) {
            map.put(key, value);
        }
    }
}
