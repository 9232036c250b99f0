package io.egress4j.egress.track;

import io.egress4j.api.CostKey;
import io.egress4j.api.DirectFile;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.PlannedEgress;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import livekit.LivekitEgress.TrackEgressRequest;
import org.osgi.service.component.annotations.Component;

/** Track egress: one track of a room, written as it arrives (no transcoding), or its audio as PCM to a websocket. */
@Component(property = EgressType.NAME + "=track")
public final class TrackEgressType implements EgressType {

    @Override
    public boolean handles(StartEgressRequest request) {
        return request.hasTrack();
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return CostKey.TRACK;
    }

    /**
     * @throws EgressException upstream's {@code request has missing or invalid field: room name} (or {@code track
     *                         id}, {@code output}, {@code websocket url})
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        TrackEgressRequest request = start.getTrack();
        if (request.getRoomName().isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        if (request.getTrackId().isEmpty()) {
            throw EgressException.invalidField("track id");
        }
        DirectFile file = null;
        switch (request.getOutputCase()) {
            case FILE -> file = context.planDirectFile(request.getFile().getFilepath(), request.getFile());
            case WEBSOCKET_URL -> {
                String url = request.getWebsocketUrl();
                if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                    throw EgressException.invalidField("websocket url");
                }
                context.checkUrl("websocket url", url);
            }
            case OUTPUT_NOT_SET -> throw EgressException.invalidField("output");
        }
        return new TrackRecording(request, file, context.roomAccess(request.getRoomName()), context.redact(request));
    }
}
