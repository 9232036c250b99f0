package io.egress4j.core.request;

import static io.egress4j.core.request.InvalidArgument.assertRejected;

import io.egress4j.api.NameValues;
import io.egress4j.api.RequestedOutputs;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.StreamOutput;
import org.junit.jupiter.api.Test;

/** No request asks a node for more than it can sensibly give: every number and list a request carries is bounded. */
class RequestBoundsTest {

    @Test
    void encodingIsBoundedAtA4k60Encode() {
        assertRejected("request has missing or invalid field: width (at most 3840)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setWidth(65536).build()));
        assertRejected("request has missing or invalid field: width and height (at most 3840x2160 pixels)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setWidth(3840).setHeight(3840).build()));
        assertRejected("request has missing or invalid field: framerate (at most 60)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setFramerate(1000).build()));
        assertRejected("request has missing or invalid field: video_bitrate (at most 50000)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setVideoBitrate(Integer.MAX_VALUE)
                        .build()));
        assertRejected("request has missing or invalid field: audio_bitrate (at most 512)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setAudioBitrate(100_000).build()));
        assertRejected("request has missing or invalid field: key_frame_interval (at most 60)",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setKeyFrameInterval(1e9).build()));
    }

    @Test
    void outputsAreBounded() {
        assertRejected("request has missing or invalid field: stream urls (at most 10 URLs)", () -> plan(
                List.of(), List.of(StreamOutput.newBuilder().addAllUrls(Collections.nCopies(11, "rtmp://h/a/k"))
                        .build()), List.of()));
        assertRejected("request has missing or invalid field: stream url (at most 2048 characters)", () -> plan(
                List.of(), List.of(StreamOutput.newBuilder().addUrls("rtmp://h/a/" + "k".repeat(3000)).build()),
                List.of()));
        assertRejected("request has missing or invalid field: image outputs (at most 5)", () -> plan(List.of(),
                List.of(), Collections.nCopies(6, ImageOutput.newBuilder().setFilenamePrefix("i").build())));
        assertRejected("request has missing or invalid field: image width and height (at most 3840)", () -> plan(
                List.of(), List.of(), List.of(ImageOutput.newBuilder().setWidth(100_000).build())));
    }

    @Test
    void urlsAreBounded() {
        assertRejected("request has missing or invalid field: web url (longer than 8192 characters)",
                () -> new UrlPolicy(List.of(), false).check("web url", "https://h/" + "a".repeat(9000)));
    }

    private static EgressPlan plan(List<EncodedFileOutput> files, List<StreamOutput> streams,
                                   List<ImageOutput> images) throws Exception {
        return new OutputPlanner(new StreamUrls()).plan(new RequestedOutputs("web", NameValues.NONE, files,
                List.of(), streams, images, OptionalInt.empty(), null, true, true), "EG_bounds",
                ZonedDateTime.now(), 0);
    }
}
