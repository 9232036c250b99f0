package io.egress4j.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;

/**
 * The manifest upstream writes at the end of an egress ({@code <egressID>.json}, next to each output): who, when,
 * and where every artifact went: {@code files}, {@code playlists} with the segments each lists, and {@code images}
 * with the time each was taken. Empty fields are left out, as upstream's omitempty does; HTML characters are not
 * escaped. Segments and images are recorded as they are stored, from any thread.
 */
final class Manifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Hears every artifact one output stored while recording. */
    @FunctionalInterface
    interface Listing {
        /**
         * @param storagePath the artifact's path on the output's storage (the manifest's {@code filename})
         * @param takenAt     when an image was taken; null for other artifacts
         */
        void stored(String storagePath, String location, Instant takenAt);
    }

    /** One segments output: where its playlist went, and its segments. */
    private static final class Playlist {
        private String location = "";
        private final List<Map<String, Object>> segments = new ArrayList<>();
    }

    /** For outputs that store nothing while recording. */
    static final Listing UNLISTED = (storagePath, location, takenAt) -> {
    };

    private final List<Playlist> playlists = new ArrayList<>();
    private final List<Map<String, Object>> images = new ArrayList<>();

    /**
     * The listing of one segments output: the artifact stored at {@code playlistPath} is the playlist (its
     * {@code location}), the one at {@code livePlaylistPath} is left out, everything else is a segment.
     */
    synchronized Listing playlist(String playlistPath, String livePlaylistPath) {
        Playlist playlist = new Playlist();
        playlists.add(playlist);
        return (storagePath, location, takenAt) -> {
            synchronized (this) {
                if (storagePath.equals(playlistPath)) {
                    playlist.location = location;
                } else if (!storagePath.equals(livePlaylistPath)) {
                    playlist.segments.add(entry(storagePath, null, location));
                }
            }
        };
    }

    /** The listing of one image output: every artifact is an image. */
    Listing images() {
        return (storagePath, location, takenAt) -> {
            synchronized (this) {
                images.add(entry(storagePath, takenAt, location));
            }
        };
    }

    /** The manifest as of now, with the IDs, times and file results of {@code info}. */
    synchronized byte[] json(EgressInfo info, String url) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        putIfPresent(manifest, "egress_id", info.getEgressId());
        putIfPresent(manifest, "room_id", info.getRoomId());
        putIfPresent(manifest, "room_name", info.getRoomName());
        putIfPresent(manifest, "url", url);
        putIfPresent(manifest, "started_at", info.getStartedAt());
        putIfPresent(manifest, "ended_at", info.getEndedAt());
        putIfPresent(manifest, "files", info.getFileResultsList().stream().map(Manifest::file).toList());
        putIfPresent(manifest, "playlists", playlists.stream().map(Manifest::playlist)
                .filter(playlist -> !playlist.isEmpty()).toList());
        putIfPresent(manifest, "images", List.copyOf(images));
        try {
            return JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is plain data and always serialisable", e);
        }
    }

    private static Map<String, Object> playlist(Playlist playlist) {
        Map<String, Object> entry = new LinkedHashMap<>();
        putIfPresent(entry, "location", playlist.location);
        putIfPresent(entry, "segments", List.copyOf(playlist.segments));
        return entry;
    }

    private static Map<String, Object> file(FileInfo file) {
        return entry(file.getFilename(), null, file.getLocation());
    }

    /** {@code filename}, {@code timestamp} (RFC 3339, UTC) and {@code location}, in upstream's order. */
    private static Map<String, Object> entry(String filename, Instant timestamp, String location) {
        Map<String, Object> entry = new LinkedHashMap<>();
        putIfPresent(entry, "filename", filename);
        putIfPresent(entry, "timestamp", timestamp == null ? null : timestamp.toString());
        putIfPresent(entry, "location", location);
        return entry;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        boolean empty = value == null || "".equals(value) || Long.valueOf(0).equals(value)
                || value instanceof List<?> list && list.isEmpty();
        if (!empty) {
            map.put(key, value);
        }
    }
}
