package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.TrackEgressRequest;

/** Validates a {@link TrackEgressRequest} with upstream's messages. */
public final class TrackRequestPlanner {

    private TrackRequestPlanner() {
    }

    /**
     * @throws EgressException {@code request has missing or invalid field: room name} (or {@code track id},
     *                         {@code output}, {@code websocket url})
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
                yield new TrackPlan(egressId, request.getRoomName(), request.getTrackId(), file.getFilepath(), "",
                        file.getDisableManifest(), WebRequestPlanner.upload(file));
            }
            case WEBSOCKET_URL -> {
                String url = request.getWebsocketUrl();
                if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                    throw EgressException.invalidField("websocket url");
                }
                yield new TrackPlan(egressId, request.getRoomName(), request.getTrackId(), "", url, true, null);
            }
            case OUTPUT_NOT_SET -> throw EgressException.invalidField("output");
        };
    }
}
