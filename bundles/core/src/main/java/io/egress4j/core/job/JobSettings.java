package io.egress4j.core.job;

import io.egress4j.core.storage.StorageTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.egress4j.core.request.StreamUrls;

/**
 * What a job takes from the service configuration.
 *
 * @param workDir         private temporary directory of this egress
 * @param fileStorage     where each file output (in plan order) is stored
 * @param segmentStorage  where each segment output (in plan order) is stored
 * @param imageStorage    where each image output (in plan order) is stored
 * @param backup          where artifacts go when their primary storage fails
 * @param encoderThreads  x264/vp8 threads, 0 = encoder default
 * @param sessionLimit    the longest the egress may record, {@link Duration#ZERO} for no limit (LIMIT_REACHED)
 * @param maxFileBytes    the most the file outputs may write together, 0 for no limit (LIMIT_REACHED)
 * @param streamUrls      how stream URLs added with UpdateStream are checked, expanded and redacted
 * @param maxUploadQueue  minutes of output that may wait to be stored while recording ({@code max_upload_queue})
 */
public record JobSettings(Path workDir, List<StorageTarget> fileStorage, List<StorageTarget> segmentStorage,
                          List<StorageTarget> imageStorage, Optional<StorageTarget> backup,
                          int encoderThreads, Duration sessionLimit,
                          long maxFileBytes, int maxUploadQueue, StreamUrls streamUrls) {

    public JobSettings {
        fileStorage = List.copyOf(fileStorage);
        segmentStorage = List.copyOf(segmentStorage);
        imageStorage = List.copyOf(imageStorage);
    }
}
