package io.egress4j.core.request;

import com.google.protobuf.Message;

/**
 * A validated track egress: one track of a room, remuxed as it arrives (no transcoding) into a file whose type
 * follows the track's codec.
 *
 * @param filepath        the request's filepath template; the extension is settled once the codec is known
 * @param disableManifest skip the manifest JSON next to the file
 * @param upload          the output's own upload block, or null to use the configured storage
 */
public record TrackPlan(String egressId, String roomName, String trackId, String filepath, boolean disableManifest,
                        Message upload) {
}
