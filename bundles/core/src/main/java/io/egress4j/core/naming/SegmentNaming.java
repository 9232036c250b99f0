package io.egress4j.core.naming;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.SegmentedFileSuffix;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where the files of an HLS (segments) output go, following upstream's rules for {@code filename_prefix},
 * {@code playlist_name} and {@code live_playlist_name}:
 * <ol>
 *   <li>each of the three is rendered and made safe by {@link PathTemplate} (tokens, sanitised values, no
 *       {@code ..}, backslashes or control characters);</li>
 *   <li>the <em>storage directory</em> is the playlist's directory; when the playlist has none, the prefix's
 *       directory takes its place. The segment prefix keeps its own directory only when it differs from a non-empty
 *       playlist directory, and that directory is then relative to the storage directory (as upstream, also when
 *       it starts with the playlist's directory: prefix {@code d/sub/seg} with playlist {@code d/p} stores the
 *       segments under {@code d/d/sub/});</li>
 *   <li>the playlist names lose their extension (whatever it is) and get {@code .m3u8};</li>
 *   <li>a missing playlist name is the prefix's base name, else {@code <identifier>-<time>[-<retry>]}; a missing
 *       prefix base name is the playlist's base name. The live playlist is optional;</li>
 *   <li>the live playlist must sit in the playlist's directory (the storage directory) and must not have the
 *       playlist's name.</li>
 * </ol>
 * Segment files are named {@code <prefix>_<00000>.ts} (INDEX) or {@code <prefix>_<yyyyMMddHHmmss><mmm>.ts}
 * (TIMESTAMP, the UTC wall clock of the segment's first sample), relative to the storage directory.
 *
 * @param storageDir       where the playlists go: empty or ending in {@code /}
 * @param playlistFile     the playlist's file name, e.g. {@code playlist.m3u8}
 * @param livePlaylistFile the live playlist's file name; empty when there is none
 * @param segmentPrefix    segment names start with this, relative to {@code storageDir} (it may hold a directory)
 */
public record SegmentNaming(String storageDir, String playlistFile, String livePlaylistFile, String segmentPrefix) {

    /** The extension of both playlists. */
    public static final String PLAYLIST_EXTENSION = ".m3u8";
    /** The extension of the segments (MPEG-TS). */
    public static final String SEGMENT_EXTENSION = ".ts";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Upstream's error when a retried egress would overwrite the segments of the previous attempt. */
    static final String NOT_RETRYABLE = "output configuration does not support retry";

    /** {@link #resolve(String, String, String, String, TemplateValues)} with the request's three fields. */
    public static SegmentNaming resolve(SegmentedFileOutput output, String identifier, TemplateValues values)
            throws EgressException {
        return resolve(output.getFilenamePrefix(), output.getPlaylistName(), output.getLivePlaylistName(),
                identifier, values);
    }

    /**
     * @param filenamePrefix   the request's {@code filename_prefix} template (may be empty)
     * @param playlistName     the request's {@code playlist_name} template (may be empty)
     * @param livePlaylistName the request's {@code live_playlist_name} template (empty: no live playlist)
     * @param identifier       names generated playlists: {@code web}, the room name, the track ID, ...
     * @throws EgressException INVALID_ARGUMENT naming the field when a template is unsafe or the live playlist is
     *                         misplaced; FAILED_PRECONDITION {@code output configuration does not support retry}
     *                         when a retried egress names its segments without {@code {retry}}
     */
    public static SegmentNaming resolve(String filenamePrefix, String playlistName, String livePlaylistName,
                                        String identifier, TemplateValues values) throws EgressException {
        requireRetrySafe(nullToEmpty(filenamePrefix), nullToEmpty(playlistName), values.retry());

        String[] prefix = split(PathTemplate.render(nullToEmpty(filenamePrefix), values, "filename_prefix"));
        String[] playlist = split(PathTemplate.render(nullToEmpty(playlistName), values, "playlist_name"));
        String[] live = split(PathTemplate.render(nullToEmpty(livePlaylistName), values, "live_playlist_name"));

        String storageDir = playlist[0];
        String segmentDir = prefix[0];
        if (!segmentDir.isEmpty()) {
            if (segmentDir.equals(storageDir)) {
                segmentDir = "";
            } else if (storageDir.isEmpty()) {
                storageDir = segmentDir;
                segmentDir = "";
            }
        }

        String playlistBase = withoutExtension(playlist[1]);
        String liveBase = withoutExtension(live[1]);
        String prefixBase = prefix[1];
        if (playlistBase.isEmpty()) {
            playlistBase = prefixBase.isEmpty() ? generatedName(identifier, values) : prefixBase;
        }
        if (prefixBase.isEmpty()) {
            prefixBase = playlistBase;
        }

        String playlistFile = playlistBase + PLAYLIST_EXTENSION;
        String liveFile = liveBase.isEmpty() ? "" : liveBase + PLAYLIST_EXTENSION;
        if (!liveFile.isEmpty()) {
            // Compared with where the playlist really goes, so "d/seg" + "" + "d/live" is accepted (upstream
            // compares with the playlist's own, empty, directory and refuses it).
            if (!live[0].isEmpty() && !live[0].equals(storageDir)) {
                throw EgressException.invalidField("live_playlist_name must be in same directory as playlist_name");
            }
            if (liveFile.equals(playlistFile)) {
                throw EgressException.invalidField("live_playlist_name cannot be identical to playlist_name");
            }
        }
        return new SegmentNaming(storageDir, playlistFile, liveFile, segmentDir + prefixBase);
    }

    /** {@code SegmentsInfo.playlist_name}: the playlist's storage path. */
    public String playlistPath() {
        return storageDir + playlistFile;
    }

    /** {@code SegmentsInfo.live_playlist_name}: the live playlist's storage path, empty when there is none. */
    public String livePlaylistPath() {
        return livePlaylistFile.isEmpty() ? "" : storageDir + livePlaylistFile;
    }

    public boolean hasLivePlaylist() {
        return !livePlaylistFile.isEmpty();
    }

    /** One segment's name relative to {@link #storageDir()}: {@link #segmentFileName} with this prefix. */
    public String segmentFile(SegmentedFileSuffix suffix, long index, Instant firstSample) {
        return segmentFileName(segmentPrefix, suffix, index, firstSample);
    }

    /**
     * A segment's file name.
     *
     * @param suffix      INDEX: {@code <prefix>_<index, 5 digits or more>.ts}; TIMESTAMP:
     *                    {@code <prefix>_<yyyyMMddHHmmss><milliseconds, 3 digits>.ts} in UTC
     * @param index       the segment's number, counted from 0 (used by INDEX)
     * @param firstSample wall clock of the segment's first sample (used by TIMESTAMP)
     */
    public static String segmentFileName(String prefix, SegmentedFileSuffix suffix, long index, Instant firstSample) {
        return switch (suffix) {
            case INDEX -> indexed(prefix, index) + SEGMENT_EXTENSION;
            case TIMESTAMP -> prefix + "_" + utcStamp(firstSample) + SEGMENT_EXTENSION;
            default -> throw new IllegalArgumentException("unsupported segment suffix " + suffix);
        };
    }

    /** {@code <prefix>_%05d}; the index is never negative. */
    static String indexed(String prefix, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        return String.format(Locale.ROOT, "%s_%05d", prefix, index);
    }

    /** {@code yyyyMMddHHmmss} and three digits of milliseconds (truncated), in UTC. */
    static String utcStamp(Instant instant) {
        return STAMP.format(instant);
    }

    /** {@code <identifier>-<time>}, plus {@code -<retry>} on a retry (as upstream and {@link FileNaming}). */
    static String generatedName(String identifier, TemplateValues values) {
        String name = PathTemplate.sanitize(identifier) + "-" + values.time();
        return values.retry() > 0 ? name + "-" + values.retry() : name;
    }

    /**
     * Upstream's retry rule: segment files are numbered from 0 again on every attempt, so a retried egress must put
     * {@code {retry}} into the prefix, or, when the prefix is empty, into the playlist name the prefix comes from.
     * When both are empty every name is generated with the retry count.
     */
    private static void requireRetrySafe(String prefix, String playlist, int retry) throws EgressException {
        if (retry <= 0) {
            return;
        }
        boolean unsafe = prefix.isEmpty() ? !playlist.isEmpty() && !playlist.contains("{retry}")
                : !prefix.contains("{retry}");
        if (unsafe) {
            throw new EgressException(Code.FAILED_PRECONDITION, NOT_RETRYABLE);
        }
    }

    /** {@code [directory ending in / or empty, base name]}. */
    static String[] split(String path) {
        int slash = path.lastIndexOf('/');
        return new String[] {path.substring(0, slash + 1), path.substring(slash + 1)};
    }

    /** Drops the last {@code .xxx} of a base name, whatever it is (upstream's behaviour for playlist names). */
    private static String withoutExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
