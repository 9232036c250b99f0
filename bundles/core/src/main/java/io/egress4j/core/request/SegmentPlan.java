package io.egress4j.core.request;

import com.google.protobuf.Message;
import io.egress4j.core.naming.SegmentNaming;
import livekit.LivekitEgress.SegmentedFileSuffix;

/**
 * One HLS output, resolved.
 *
 * @param naming          where playlists and segments go and how they are named
 * @param segmentSeconds  target segment duration
 * @param suffix          INDEX or TIMESTAMP segment names
 * @param disableManifest skip the manifest JSON next to the playlist
 * @param upload          the output's own upload block from the request, or null to use the configured storage
 */
public record SegmentPlan(SegmentNaming naming, int segmentSeconds, SegmentedFileSuffix suffix,
                          boolean disableManifest, Message upload) {
}
