package io.egress4j.core.pipeline;

import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.SegmentPlan;
import java.util.ArrayList;
import java.util.List;
import livekit.LivekitEgress.StreamProtocol;

/**
 * How x264 is tuned for what its one encode feeds (upstream's rules): no scene-cut keyframes when a keyframe
 * interval is set or segments are cut, so keyframes fall only where they are asked for; a rate-control (VBV) buffer
 * as long as a segment, else 2 s, at most 10 s; and HRD-conformant constant bitrate (filler data) when an RTMP
 * stream is among the outputs, which ingest servers expect.
 */
public record H264Tuning(boolean noSceneCuts, int vbvBufferMillis, boolean hrdConstantBitrate) {

    private static final int DEFAULT_VBV_MILLIS = 2000;
    private static final int MAX_VBV_MILLIS = 10_000;

    /** For an encode without segments, streams or a keyframe interval. */
    public static final H264Tuning DEFAULT = new H264Tuning(false, DEFAULT_VBV_MILLIS, false);

    public static H264Tuning of(EgressPlan plan) {
        boolean segments = !plan.segments().isEmpty();
        int vbv = segments ? Math.min(MAX_VBV_MILLIS, plan.segments().stream()
                .mapToInt(SegmentPlan::segmentSeconds).min().orElseThrow() * 1000) : DEFAULT_VBV_MILLIS;
        boolean rtmp = plan.streams().stream().anyMatch(stream -> stream.protocol() == StreamProtocol.RTMP);
        return new H264Tuning(segments || plan.encoding().keyFrameInterval() > 0, vbv, rtmp);
    }

    /** The x264enc properties, each with a leading space. */
    String x264Properties() {
        List<String> options = new ArrayList<>();
        if (noSceneCuts) {
            options.add("scenecut=0");
        }
        if (hrdConstantBitrate) {
            options.add("nal-hrd=cbr");
        }
        return " vbv-buf-capacity=" + vbvBufferMillis
                + (options.isEmpty() ? "" : " option-string=\"" + String.join(":", options) + "\"");
    }
}
