package io.egress4j.output.segments;

import java.time.Duration;
import java.util.Map;

/**
 * The segment output's settings, as the core resolves them from a SegmentedFileOutput.
 *
 * @param storageDir   directory of playlists and segments on the storage ("" or ending in "/")
 * @param prefix       segment file name prefix
 * @param playlist     playlist file name
 * @param livePlaylist live playlist file name, "" for none
 * @param timestamps   name segments by the wall clock of their first sample instead of their index
 */
record SegmentOptions(Duration segmentDuration, String storageDir, String prefix, String playlist,
                      String livePlaylist, boolean timestamps) {

    static final String SEGMENT_DURATION = "segment_duration";
    static final String STORAGE_DIR = "storage_dir";
    static final String PREFIX = "segment_prefix";
    static final String PLAYLIST = "playlist";
    static final String LIVE_PLAYLIST = "live_playlist";
    static final String SUFFIX = "suffix";

    static SegmentOptions of(Map<String, String> options) {
        return new SegmentOptions(Duration.ofSeconds(Long.parseLong(options.getOrDefault(SEGMENT_DURATION, "4"))),
                options.getOrDefault(STORAGE_DIR, ""), options.getOrDefault(PREFIX, "segment"),
                options.getOrDefault(PLAYLIST, "playlist.m3u8"), options.getOrDefault(LIVE_PLAYLIST, ""),
                "TIMESTAMP".equals(options.get(SUFFIX)));
    }
}
