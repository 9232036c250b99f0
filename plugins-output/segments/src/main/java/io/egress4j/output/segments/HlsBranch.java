package io.egress4j.output.segments;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Launch;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.SegmentOptions;
import io.egress4j.api.SegmentsBranch;
import io.egress4j.api.SegmentsResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HLS output: splitmuxsink cuts MPEG-TS segments at keyframes; each closed segment is stored (in order, off the
 * media threads, through the core's queue), and only then listed in the playlists, so a playlist never names a
 * segment that is not stored.
 */
final class HlsBranch implements SegmentsBranch {

    private static final String OPENED = "splitmuxsink-fragment-opened";
    private static final String CLOSED = "splitmuxsink-fragment-closed";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);

    private final OutputRequest request;
    private final SegmentOptions options;
    private final EventPlaylist event;
    private final LivePlaylist live;
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    private volatile Instant runningTimeZero;
    private volatile PlaylistUploadCadence cadence;
    private int index;
    private long bytes;
    private Duration total = Duration.ZERO;
    private Instant firstStart;
    private Instant lastEnd;
    private String playlistLocation = "";
    private String livePlaylistLocation = "";

    HlsBranch(OutputRequest request, SegmentOptions options) {
        this.request = request;
        this.options = options;
        this.event = new EventPlaylist(options.segmentDuration());
        this.live = options.hasLivePlaylist() ? new LivePlaylist(options.segmentDuration()) : null;
    }

    @Override
    public String elements(String entryName) {
        Path pattern = request.workDir().resolve(entryName + "_%05d.ts");
        return "splitmuxsink name=" + entryName + " muxer-factory=mpegtsmux send-keyframe-requests=true max-size-time="
                + options.segmentDuration().toNanos() + " location=" + Launch.quote(pattern.toString());
    }

    @Override
    public String padFor(String mediaKind) {
        return mediaKind.equals("video") ? "video" : "audio_0";
    }

    @Override
    public void clockStarted(Instant zero) {
        runningTimeZero = zero;
        cadence = new PlaylistUploadCadence(zero);
    }

    @Override
    public void onMessage(String element, String name, Map<String, String> fields) {
        String location = fields.get("location");
        long runningTime = Long.parseLong(fields.getOrDefault("running-time", "0"));
        if (OPENED.equals(name)) {
            openedAt.put(location, runningTime);
        } else if (CLOSED.equals(name)) {
            long start = openedAt.getOrDefault(location, runningTime);
            request.artifacts().enqueue(() -> store(Path.of(location), start, runningTime));
        }
    }

    /** Stores one closed segment, then lists it. Runs on the storing thread, one segment at a time, in order. */
    private void store(Path file, long startNanos, long endNanos) throws EgressException {
        try {
            Instant start = runningTimeZero.plusNanos(startNanos);
            Duration duration = Duration.ofNanos(endNanos - startNanos);
            String name = options.suffix() == SegmentOptions.Suffix.TIMESTAMP
                    ? options.segmentPrefix() + "_" + TIMESTAMP.format(start) + ".ts"
                    : String.format("%s_%05d.ts", options.segmentPrefix(), index);
            long size = Files.size(file);
            request.artifacts().store(file, options.storageDir() + name, "video/mp2t");
            Files.deleteIfExists(file);
            index++;
            bytes += size;
            total = total.plus(duration);
            firstStart = firstStart == null ? start : firstStart;
            lastEnd = start.plus(duration);
            HlsSegment segment = new HlsSegment(name, start, duration);
            event.append(segment);
            if (live != null) {
                live.append(segment);
                livePlaylistLocation = storePlaylist(live.bytes(), options.livePlaylistFile());
            }
            Instant now = Instant.now();
            if (cadence.shouldUpload(index, now)) {
                playlistLocation = storePlaylist(event.bytes(), options.playlistFile());
                cadence.uploaded(now);
            }
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "segment " + file + ": " + e.getMessage(), e);
        }
    }

    private String storePlaylist(byte[] playlist, String name) throws EgressException, IOException {
        Path file = request.workDir().resolve(name);
        Files.write(file, playlist);
        return request.artifacts().store(file, options.storageDir() + name, "application/x-mpegurl");
    }

    /** Closes both playlists (ENDLIST) and stores them once the last segments are stored; failures are fatal. */
    @Override
    public void finish() throws EgressException {
        try {
            event.close();
            playlistLocation = storePlaylist(event.bytes(), options.playlistFile());
            if (live != null) {
                live.close();
                livePlaylistLocation = storePlaylist(live.bytes(), options.livePlaylistFile());
            }
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "playlist: " + e.getMessage(), e);
        }
    }

    @Override
    public SegmentsResult result() {
        return new SegmentsResult(playlistLocation, livePlaylistLocation, index, bytes, total, firstStart, lastEnd);
    }
}
