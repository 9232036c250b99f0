package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.FileFormat;
import io.egress4j.api.FileOptions;
import io.egress4j.api.ImageOptions;
import io.egress4j.api.ImagesBranch;
import io.egress4j.api.ImagesResult;
import io.egress4j.api.Output;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputOptions;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.SegmentOptions;
import io.egress4j.api.SegmentsBranch;
import io.egress4j.api.SegmentsResult;
import io.egress4j.api.StreamBranch;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.StreamOptions;
import io.egress4j.api.StreamState;
import io.egress4j.api.Uploader;
import io.egress4j.core.naming.ImageNaming;
import io.egress4j.core.naming.SegmentNaming;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.core.storage.StorageEvents;
import io.egress4j.core.storage.StorageTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.ImagesInfo;
import livekit.LivekitEgress.SegmentedFileSuffix;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the core opens an egress's outputs from its plan, and what it does with them once media ended. */
class OutputBranchesTest {

    private static final StorageTarget MEMORY = new StorageTarget("memory", StorageSettings.of(List.of(), Map.of()), "");
    private static final Instant START = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path dir;

    private final List<OutputRequest> requests = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Plugins plugins = new Plugins();
    private final EgressInfoTracker tracker = new EgressInfoTracker(EgressInfo.newBuilder()
            .addSegmentResults(SegmentsInfo.newBuilder().setPlaylistName("hls/index.m3u8"))
            .addImageResults(ImagesInfo.newBuilder().setFilenamePrefix("thumbs/t")), info -> { });

    private final Uploader memory = new Uploader() {
        @Override
        public List<StorageSetting> settings() {
            return List.of();
        }

        @Override
        public String upload(Path file, String storagePath, String contentType, StorageSettings settings) {
            events.add("stored " + storagePath);
            return "mem://" + storagePath;
        }
    };

    @Test
    void opensEveryPlannedOutputWithItsTypedOptionsInPipelineOrder() throws Exception {
        register("file", request -> entry -> "filesink");
        register("segments", request -> new Segments(request));
        register("images", request -> new Images());
        register("stream", request -> new Streams());

        OutputBranches outputs = open(plan(List.of(new StreamPlan(StreamProtocol.RTMP,
                List.of(new StreamUrls.ValidatedUrl(StreamProtocol.RTMP, "rtmp://h/app/key", "rtmp://h/app/{k}",
                        "key"))))));

        assertEquals(List.<OutputOptions>of(new FileOptions(dir.resolve("full.mp4"), FileFormat.MP4),
                new SegmentOptions(Duration.ofSeconds(4), "hls/", "seg", "index.m3u8", "live.m3u8",
                        SegmentOptions.Suffix.TIMESTAMP),
                new ImageOptions(Duration.ofSeconds(10), 320, 180, "thumbs/", "t",
                        ImageOptions.Suffix.NONE_OVERWRITE),
                new StreamOptions(StreamOptions.Protocol.RTMP, List.of("rtmp://h/app/key"))),
                requests.stream().map(OutputRequest::options).toList());
        assertEquals(4, outputs.branches().size());
        assertTrue(outputs.branches().get(3) instanceof Streams, "the stream branch is the last entry");
    }

    @Test
    void finishWaitsForQueuedArtifactsThenReportsTheResults() throws Exception {
        register("file", request -> entry -> "filesink");
        register("segments", request -> new Segments(request));
        register("images", request -> new Images());
        OutputBranches outputs = open(plan(List.of()));

        outputs.onMessage("output_1_sink", "splitmuxsink-fragment-closed", Map.of());
        outputs.finish();

        assertEquals(List.of("stored hls/seg_00000.ts", "segments finished", "images finished"), events);
        EgressInfo info = tracker.snapshot();
        assertEquals(SegmentsInfo.newBuilder().setPlaylistName("hls/index.m3u8")
                .setPlaylistLocation("mem://hls/index.m3u8").setSegmentCount(1).setSize(188)
                .setDuration(4_000_000_000L).setStartedAt(EgressInfoTracker.nanos(START))
                .setEndedAt(EgressInfoTracker.nanos(START.plusSeconds(4))).build(), info.getSegmentResults(0));
        assertEquals(ImagesInfo.newBuilder().setFilenamePrefix("thumbs/t").setImageCount(2)
                .setStartedAt(EgressInfoTracker.nanos(START)).setEndedAt(EgressInfoTracker.nanos(START.plusSeconds(10)))
                .build(), info.getImageResults(0));
    }

    @Test
    void aPluginThatDoesNotReportResultsIsAnInternalError() {
        register("file", request -> entry -> "filesink");
        register("segments", request -> entry -> "splitmuxsink");

        EgressException e = assertThrows(EgressException.class, () -> open(plan(List.of())));
        assertEquals(EgressException.Code.INTERNAL, e.code());
        assertEquals("the segments output plugin does not implement SegmentsBranch", e.getMessage());
    }

    private OutputBranches open(EgressPlan plan) throws EgressException {
        JobSettings settings = new JobSettings(dir, List.of(MEMORY), List.of(MEMORY), List.of(MEMORY),
                Optional.empty(), 0, Duration.ZERO, 0, 60, new StreamUrls());
        return OutputBranches.open(plan, List.of(dir.resolve("full.mp4")), plugins, settings,
                new ArtifactStore(backend -> memory, Optional.empty(), StorageEvents.NONE), new Manifest(), tracker, ending -> { });
    }

    private EgressPlan plan(List<StreamPlan> streams) {
        return new EgressPlan("EG_o", true, true, null,
                List.of(new FilePlan("full.mp4", FileFormat.MP4, false, null)),
                List.of(new SegmentPlan(new SegmentNaming("hls/", "index.m3u8", "live.m3u8", "seg"), 4,
                        SegmentedFileSuffix.TIMESTAMP, false, null)),
                List.of(new ImagePlan(new ImageNaming("thumbs/", "t"), 10, 320, 180,
                        ImageFileSuffix.IMAGE_SUFFIX_NONE_OVERWRITE, false, null)),
                streams);
    }

    private void register(String kind, Output output) {
        plugins.addOutput(request -> {
            requests.add(request);
            return output.open(request);
        }, Map.of(Output.KIND, kind));
    }

    /** Queues one segment per closed fragment, stored through the core's sink. */
    private final class Segments implements SegmentsBranch {

        private final OutputRequest request;
        private int stored;

        Segments(OutputRequest request) {
            this.request = request;
        }

        @Override
        public String elements(String entryName) {
            return "splitmuxsink";
        }

        @Override
        public void onMessage(String element, String name, Map<String, String> fields) {
            request.artifacts().enqueue(() -> {
                try {
                    Path segment = Files.write(request.workDir().resolve("seg.ts"), new byte[188]);
                    request.artifacts().store(segment, "hls/seg_00000.ts", "video/mp2t");
                    stored++;
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
        }

        @Override
        public void finish() {
            events.add("segments finished");
        }

        @Override
        public SegmentsResult result() {
            return new SegmentsResult("mem://hls/index.m3u8", "", stored, 188L * stored,
                    Duration.ofSeconds(4L * stored), START, START.plusSeconds(4));
        }
    }

    private final class Images implements ImagesBranch {

        @Override
        public String elements(String entryName) {
            return "multifilesink";
        }

        @Override
        public void finish() {
            events.add("images finished");
        }

        @Override
        public ImagesResult result() {
            return new ImagesResult(2, START, START.plusSeconds(10));
        }
    }

    private static final class Streams implements StreamBranch {

        @Override
        public String elements(String entryName) {
            return "appsink";
        }

        @Override
        public void add(String url) {
        }

        @Override
        public void remove(String url) {
        }

        @Override
        public List<StreamState> streams() {
            return List.of();
        }
    }
}
