package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egress4j.api.FileFormat;
import io.egress4j.core.naming.ImageNaming;
import io.egress4j.core.naming.SegmentNaming;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.storage.StorageTarget;
import io.egress4j.core.storage.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.SegmentedFileSuffix;
import org.junit.jupiter.api.Test;

/** Upstream's rule: a manifest next to each output that wants one, next to every output once the backup was used. */
class ManifestCopyTest {

    private static final StorageTarget FILES = new StorageTarget("s3", TestStorage.settings("bucket", "files"), "");
    private static final StorageTarget HLS = new StorageTarget("s3", TestStorage.settings("bucket", "hls"), "");
    private static final StorageTarget THUMBS = new StorageTarget("azure", TestStorage.settings("container_name", "t"), "");

    private static EgressPlan plan(boolean fileOff, boolean segmentsOff, boolean imagesOff, String imageDir) {
        return new EgressPlan("EG_1", true, true, null,
                List.of(new FilePlan("rooms/a/full.mp4", FileFormat.MP4, fileOff, null)),
                List.of(new SegmentPlan(new SegmentNaming("rooms/a/hls/", "index.m3u8", "", "seg"), 4,
                        SegmentedFileSuffix.INDEX, segmentsOff, null)),
                List.of(new ImagePlan(new ImageNaming(imageDir, "thumb"), 10, 0, 0,
                        ImageFileSuffix.IMAGE_SUFFIX_INDEX, imagesOff, null)), List.of());
    }

    private static JobSettings settings(StorageTarget images) {
        return new JobSettings(Path.of("/tmp"), List.of(FILES), List.of(HLS), List.of(images), Optional.empty(),
                0, Duration.ZERO, 0, 60, new StreamUrls());
    }

    @Test
    void oneCopyNextToEachOutputThatWantsOne() {
        assertEquals(Set.of(new ManifestCopy(FILES, "rooms/a/EG_1.json"),
                        new ManifestCopy(HLS, "rooms/a/hls/EG_1.json"), new ManifestCopy(THUMBS, "thumbs/EG_1.json")),
                ManifestCopy.of(plan(false, false, false, "thumbs/"), settings(THUMBS), false));
        assertEquals(Set.of(new ManifestCopy(HLS, "rooms/a/hls/EG_1.json")),
                ManifestCopy.of(plan(true, false, true, "thumbs/"), settings(THUMBS), false),
                "disable_manifest is honoured per output");
    }

    @Test
    void onceTheBackupWasUsedEveryOutputGetsOneWhateverDisableManifestSays() {
        assertEquals(3, ManifestCopy.of(plan(true, true, true, "thumbs/"), settings(THUMBS), true).size());
        assertEquals(Set.of(), ManifestCopy.of(plan(true, true, true, "thumbs/"), settings(THUMBS), false));
    }

    @Test
    void outputsSharingADirectoryOnOneStorageShareACopy() {
        assertEquals(Set.of(new ManifestCopy(FILES, "rooms/a/EG_1.json"),
                        new ManifestCopy(HLS, "rooms/a/hls/EG_1.json")),
                ManifestCopy.of(plan(false, false, false, "rooms/a/"), settings(FILES), false));
    }

    @Test
    void aFileWithoutADirectoryHasItsManifestAtTheTop() {
        EgressPlan plan = new EgressPlan("EG_2", false, true, null,
                List.of(new FilePlan("full.mp4", FileFormat.MP4, false, null)), List.of(), List.of(), List.of());
        assertEquals(Set.of(new ManifestCopy(FILES, "EG_2.json")),
                ManifestCopy.of(plan, new JobSettings(Path.of("/tmp"), List.of(FILES), List.of(), List.of(),
                        Optional.empty(), 0, Duration.ZERO, 0, 60, new StreamUrls()), false));
    }
}
