package io.egress4j.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a segments output ({@code egress.output=segments}, HLS) produces. Every name is relative to the output's
 * storage.
 *
 * @param segmentDuration  target segment length
 * @param storageDir       directory of the playlists and segments: empty or ending in {@code /}
 * @param segmentPrefix    segment file names start with this, relative to {@code storageDir}
 * @param playlistFile     the event playlist's file name, e.g. {@code playlist.m3u8}
 * @param livePlaylistFile the live (sliding window) playlist's file name; empty for none
 * @param suffix           how segment file names end
 */
public record SegmentOptions(Duration segmentDuration, String storageDir, String segmentPrefix, String playlistFile,
                             String livePlaylistFile, Suffix suffix) implements OutputOptions {

    /** Segment file names: {@code <prefix>_00000.ts} (INDEX) or {@code <prefix>_<UTC yyyyMMddHHmmssSSS>.ts}. */
    public enum Suffix { INDEX, TIMESTAMP }

    public SegmentOptions {
        Objects.requireNonNull(segmentDuration, "segmentDuration");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(segmentPrefix, "segmentPrefix");
        Objects.requireNonNull(playlistFile, "playlistFile");
        Objects.requireNonNull(livePlaylistFile, "livePlaylistFile");
        Objects.requireNonNull(suffix, "suffix");
    }

    public boolean hasLivePlaylist() {
        return !livePlaylistFile.isEmpty();
    }
}
