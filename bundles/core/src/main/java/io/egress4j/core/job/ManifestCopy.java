package io.egress4j.core.job;

import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.storage.StorageTarget;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one copy of the manifest ({@code <egressID>.json}) goes: next to each output that did not set
 * {@code disable_manifest} — the file's directory, the playlist's, the images' — on that output's storage; next to
 * every output once the backup was used (upstream's rule). Outputs sharing a directory share one copy.
 */
record ManifestCopy(StorageTarget target, String storagePath) {

    static Set<ManifestCopy> of(EgressPlan plan, JobSettings settings, boolean backupUsed) {
        String name = plan.egressId() + ".json";
        Set<ManifestCopy> copies = new LinkedHashSet<>();
        List<FilePlan> files = plan.files();
        for (int i = 0; i < files.size(); i++) {
            String path = files.get(i).storagePath();
            String dir = path.substring(0, path.lastIndexOf('/') + 1);
            if (backupUsed || !files.get(i).disableManifest()) {
                copies.add(new ManifestCopy(settings.fileStorage().get(i), dir + name));
            }
        }
        List<SegmentPlan> segments = plan.segments();
        for (int i = 0; i < segments.size(); i++) {
            if (backupUsed || !segments.get(i).disableManifest()) {
                copies.add(new ManifestCopy(settings.segmentStorage().get(i),
                        segments.get(i).naming().storageDir() + name));
            }
        }
        List<ImagePlan> images = plan.images();
        for (int i = 0; i < images.size(); i++) {
            if (backupUsed || !images.get(i).disableManifest()) {
                copies.add(new ManifestCopy(settings.imageStorage().get(i),
                        images.get(i).naming().storageDir() + name));
            }
        }
        return copies;
    }
}
