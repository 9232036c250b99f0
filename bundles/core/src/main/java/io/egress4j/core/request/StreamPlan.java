package io.egress4j.core.request;

import java.util.List;
import livekit.LivekitEgress.StreamProtocol;

/**
 * The live stream output of an egress, resolved.
 *
 * @param protocol RTMP or SRT
 * @param urls     the destinations to start with (possibly none when other outputs exist: UpdateStream adds them)
 */
public record StreamPlan(StreamProtocol protocol, List<StreamUrls.ValidatedUrl> urls) {

    public StreamPlan {
        urls = List.copyOf(urls);
    }
}
