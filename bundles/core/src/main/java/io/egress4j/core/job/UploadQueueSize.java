package io.egress4j.core.job;

/**
 * How many artifacts an output may have waiting to be stored, from {@code max_upload_queue} (minutes of output), as
 * upstream sizes its queues: one segment per segment duration, one image per capture interval but at least 4.
 */
final class UploadQueueSize {

    private static final int MIN_IMAGES = 4;

    private UploadQueueSize() {
    }

    static int segments(int maxUploadQueueMinutes, int segmentSeconds) {
        return Math.max(1, maxUploadQueueMinutes * 60 / segmentSeconds);
    }

    static int images(int maxUploadQueueMinutes, int intervalSeconds) {
        return Math.max(MIN_IMAGES, maxUploadQueueMinutes * 60 / intervalSeconds);
    }
}
