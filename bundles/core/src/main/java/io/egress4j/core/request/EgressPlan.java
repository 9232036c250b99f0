package io.egress4j.core.request;

import java.util.List;

/**
 * A validated web egress request, ready to run.
 *
 * @param egressId          the egress ID ({@code EG_...})
 * @param url               page to record
 * @param audio             capture audio
 * @param video             capture video
 * @param awaitStartSignal  wait for the page to log START_RECORDING
 * @param encoding          encoder settings (codecs already chosen to fit every output)
 * @param files             file outputs (at most one, as upstream)
 * @param segments          HLS outputs (at most one, as upstream)
 * @param images            image outputs (any number)
 * @param streams           live stream outputs (at most one, as upstream, with any number of URLs)
 */
public record EgressPlan(String egressId, String url, boolean audio, boolean video, boolean awaitStartSignal,
                         EncodingSettings encoding, List<FilePlan> files, List<SegmentPlan> segments,
                         List<ImagePlan> images, List<StreamPlan> streams) {

    public EgressPlan {
        files = List.copyOf(files);
        segments = List.copyOf(segments);
        images = List.copyOf(images);
        streams = List.copyOf(streams);
    }
}
