package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.TrackEgressRequest;

/** Validates a {@link TrackEgressRequest} with upstream's messages. */
public final class TrackRequestPlanner {

    private TrackRequestPlanner() {
    }

    /**
     * @throws EgressException {@code request has missing or invalid field: room name} (or {@code track id},
     *                         {@code output}); websocket output is refused as not yet supported
     */
    public static TrackPlan plan(TrackEgressRequest request, String egressId) throws EgressException {
        if (request.getRoomName().isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        if (request.getTrackId().isEmpty()) {
            throw EgressException.invalidField("track id");
        }
        return switch (request.getOutputCase()) {
            case FILE -> {
                DirectFileOutput file = request.getFile();
                yield new TrackPlan(egressId, request.getRoomName(), request.getTrackId(), file.getFilepath(),
                        file.getDisableManifest(), WebRequestPlanner.upload(file));
            }
            case WEBSOCKET_URL -> throw new EgressException(Code.INVALID_ARGUMENT,
                    "websocket output for track egress is not yet supported");
            case OUTPUT_NOT_SET -> throw EgressException.invalidField("output");
        };
    }
}
