package io.egress4j.core.request;

import java.util.List;

/**
 * The encoded outputs of one egress, validated and ready to run.
 *
 * @param egressId the egress ID ({@code EG_...})
 * @param audio    some output records audio
 * @param video    some output records video
 * @param encoding encoder settings (codecs already chosen to fit every output)
 * @param files    file outputs (at most one, as upstream)
 * @param segments HLS outputs (at most one, as upstream)
 * @param images   image outputs (any number)
 * @param streams  live stream outputs (at most one, as upstream, with any number of URLs)
 */
public record EgressPlan(String egressId, boolean audio, boolean video, EncodingSettings encoding,
                         List<FilePlan> files, List<SegmentPlan> segments, List<ImagePlan> images,
                         List<StreamPlan> streams) {

    public EgressPlan {
        files = List.copyOf(files);
        segments = List.copyOf(segments);
        images = List.copyOf(images);
        streams = List.copyOf(streams);
    }
}
