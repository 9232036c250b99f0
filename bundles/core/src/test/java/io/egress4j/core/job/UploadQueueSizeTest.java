package io.egress4j.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Upstream's queue sizes (max_upload_queue in minutes): 60*60/segment_duration, max(60*60/interval, 4). */
class UploadQueueSizeTest {

    @Test
    void segmentsQueueHoldsMaxUploadQueueMinutesOfSegments() {
        assertEquals(900, UploadQueueSize.segments(60, 4));
        assertEquals(1800, UploadQueueSize.segments(60, 2));
        assertEquals(15, UploadQueueSize.segments(1, 4));
        assertEquals(1, UploadQueueSize.segments(1, 120), "never less than one segment");
    }

    @Test
    void imagesQueueHoldsMaxUploadQueueMinutesOfImagesButAtLeastFour() {
        assertEquals(360, UploadQueueSize.images(60, 10));
        assertEquals(6, UploadQueueSize.images(1, 10));
        assertEquals(4, UploadQueueSize.images(1, 30));
        assertEquals(4, UploadQueueSize.images(1, 3600));
    }
}
