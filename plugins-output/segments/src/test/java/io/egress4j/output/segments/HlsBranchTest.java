package io.egress4j.output.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.ArtifactSink;
import io.egress4j.api.EgressException;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.SegmentOptions;
import io.egress4j.api.SegmentsResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the HLS branch stores, in which order, and what it reports for SegmentsInfo. */
class HlsBranchTest {

    /** Running time zero in the first hour, when the event playlist goes up after every segment. */
    private static final Instant ZERO = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant FIXED_ZERO = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private final List<String> stored = new ArrayList<>();
    private int queued;

    /** Stores at once; counts what the branch queued, which must be every segment. */
    private final ArtifactSink sink = new ArtifactSink() {
        @Override
        public String store(Path file, String storagePath, String contentType) {
            stored.add(storagePath);
            return "mem://" + storagePath;
        }

        @Override
        public void enqueue(Job job) {
            queued++;
            try {
                job.run();
            } catch (EgressException e) {
                throw new AssertionError(e);
            }
        }
    };

    @Test
    void storesEachSegmentThenItsPlaylistsAndReportsWhatItStored() throws Exception {
        HlsBranch branch = branch(new SegmentOptions(Duration.ofSeconds(2), "hls/", "seg", "index.m3u8",
                "live.m3u8", SegmentOptions.Suffix.INDEX));
        assertEquals(new SegmentsResult("", "", 0, 0, Duration.ZERO, null, null), branch.result());

        close(branch, 0, 100);
        close(branch, 1, 50);
        branch.finish();

        assertEquals(2, queued);
        assertEquals(List.of("hls/seg_00000.ts", "hls/live.m3u8", "hls/index.m3u8",
                "hls/seg_00001.ts", "hls/live.m3u8", "hls/index.m3u8",
                "hls/index.m3u8", "hls/live.m3u8"), stored);
        assertEquals(new SegmentsResult("mem://hls/index.m3u8", "mem://hls/live.m3u8", 2, 150,
                Duration.ofSeconds(4), ZERO, ZERO.plusSeconds(4)), branch.result());
    }

    @Test
    void namesSegmentsByTimeAndStoresNoLivePlaylistWithoutOne() throws Exception {
        HlsBranch branch = branch(new SegmentOptions(Duration.ofSeconds(2), "", "seg", "index.m3u8", "",
                SegmentOptions.Suffix.TIMESTAMP), FIXED_ZERO);

        close(branch, 1, 10);
        branch.finish();

        assertEquals(List.of("seg_20260102030407000.ts", "index.m3u8", "index.m3u8"), stored);
        SegmentsResult result = branch.result();
        assertEquals("", result.livePlaylistLocation());
        assertEquals(FIXED_ZERO.plusSeconds(2), result.startedAt());
    }

    @Test
    void anOutputWithoutSegmentsReportsNoTimes() throws Exception {
        HlsBranch branch = branch(new SegmentOptions(Duration.ofSeconds(2), "", "seg", "index.m3u8", "",
                SegmentOptions.Suffix.INDEX));

        branch.finish();

        assertTrue(stored.contains("index.m3u8"), "the empty playlist is still closed and stored");
        assertNull(branch.result().startedAt());
        assertNull(branch.result().endedAt());
    }

    private HlsBranch branch(SegmentOptions options) throws EgressException {
        return branch(options, ZERO);
    }

    private HlsBranch branch(SegmentOptions options, Instant zero) throws EgressException {
        HlsBranch branch = (HlsBranch) new SegmentOutput().open(new OutputRequest("EG_h", dir, sink, options));
        branch.clockStarted(zero);
        return branch;
    }

    private void close(HlsBranch branch, int index, int bytes) throws Exception {
        Path file = Files.write(dir.resolve("part_" + index + ".ts"), new byte[bytes]);
        long start = index * 2_000_000_000L;
        branch.onMessage("seg", "splitmuxsink-fragment-opened",
                Map.of("location", file.toString(), "running-time", String.valueOf(start)));
        branch.onMessage("seg", "splitmuxsink-fragment-closed",
                Map.of("location", file.toString(), "running-time", String.valueOf(start + 2_000_000_000L)));
    }
}
