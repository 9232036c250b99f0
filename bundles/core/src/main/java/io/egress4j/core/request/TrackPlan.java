package io.egress4j.core.request;

import com.google.protobuf.Message;

/**
 * A validated track egress: one track of a room, remuxed as it arrives (no transcoding) into a file whose type
 * follows the track's codec.
 *
 * @param filepath        the request's filepath template; the extension is settled once the codec is known
 * @param websocketUrl    instead of a file: where the track's audio goes as raw PCM (empty for a file)
 * @param disableManifest skip the manifest JSON next to the file
 * @param upload          the output's own upload block, or null to use the configured storage
 */
public record TrackPlan(String egressId, String roomName, String trackId, String filepath, String websocketUrl,
                        boolean disableManifest, Message upload) {

    public boolean toWebSocket() {
        return !websocketUrl.isEmpty();
    }
}
