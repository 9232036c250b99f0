package io.egress4j.output.segments;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Launch;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.UploadQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HLS output: splitmuxsink cuts MPEG-TS segments at keyframes; each closed segment is stored (in order, off the
 * media threads), and only then listed in the playlists, so a playlist never names a segment that is not stored.
 */
final class SegmentBranch implements OutputBranch {

    private static final String OPENED = "splitmuxsink-fragment-opened";
    private static final String CLOSED = "splitmuxsink-fragment-closed";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

    private final OutputRequest request;
    private final SegmentOptions options;
    private final EventPlaylist event;
    private final LivePlaylist live;
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    private final UploadQueue uploads;
    private volatile Instant runningTimeZero;
    private volatile PlaylistUploadCadence cadence;
    private volatile EgressException failure;
    private int index;
    private long bytes;
    private Duration total = Duration.ZERO;
    private Instant firstStart;
    private Instant lastEnd;
    private String playlistLocation = "";
    private String livePlaylistLocation = "";

    SegmentBranch(OutputRequest request, SegmentOptions options) {
        this.request = request;
        this.options = options;
        this.event = new EventPlaylist(options.segmentDuration());
        this.live = options.livePlaylist().isEmpty() ? null : new LivePlaylist(options.segmentDuration());
        this.uploads = UploadQueue.of("segment-uploads", request.options());
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
            if (!uploads.offer(() -> store(Path.of(location), start, runningTime)) && failure == null) {
                // as upstream: a storage that falls this far behind fails the output
                failure = new EgressException(Code.UNAVAILABLE, "segment upload queue is full: "
                        + uploads.capacity() + " segments wait to be stored (max_upload_queue)");
            }
        }
    }

    /** Stores one closed segment, then lists it. Runs on the upload thread, one segment at a time, in order. */
    private void store(Path file, long startNanos, long endNanos) {
        if (failure != null) {
            return;
        }
        try {
            Instant start = runningTimeZero.plusNanos(startNanos);
            Duration duration = Duration.ofNanos(endNanos - startNanos);
            String name = options.timestamps() ? options.prefix() + "_" + TIMESTAMP.format(start) + ".ts"
                    : String.format("%s_%05d.ts", options.prefix(), index);
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
                livePlaylistLocation = storePlaylist(live.bytes(), options.livePlaylist());
            }
            Instant now = Instant.now();
            if (cadence.shouldUpload(index, now)) {
                playlistLocation = storePlaylist(event.bytes(), options.playlist());
                cadence.uploaded(now);
            }
        } catch (EgressException e) {
            failure = e;
        } catch (IOException e) {
            failure = new EgressException(Code.INTERNAL, "segment " + file + ": " + e.getMessage(), e);
        }
    }

    private String storePlaylist(byte[] playlist, String name) throws EgressException, IOException {
        Path file = request.workDir().resolve(name);
        Files.write(file, playlist);
        return request.artifacts().store(file, options.storageDir() + name, "application/x-mpegurl");
    }

    /** Waits for the last segments, then closes both playlists (ENDLIST) and stores them; failures are fatal. */
    @Override
    public void finish() throws EgressException {
        uploads.finish(FINISH_TIMEOUT, "segment");
        if (failure != null) {
            throw failure;
        }
        try {
            event.close();
            playlistLocation = storePlaylist(event.bytes(), options.playlist());
            if (live != null) {
                live.close();
                livePlaylistLocation = storePlaylist(live.bytes(), options.livePlaylist());
            }
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "playlist: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> results() {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("playlist_name", options.storageDir() + options.playlist());
        results.put("playlist_location", playlistLocation);
        if (live != null) {
            results.put("live_playlist_name", options.storageDir() + options.livePlaylist());
            results.put("live_playlist_location", livePlaylistLocation);
        }
        results.put("segment_count", String.valueOf(index));
        results.put("size", String.valueOf(bytes));
        results.put("duration", String.valueOf(total.toNanos()));
        if (firstStart != null) {
            results.put("started_at", String.valueOf(nanos(firstStart)));
            results.put("ended_at", String.valueOf(nanos(lastEnd)));
        }
        return results;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
