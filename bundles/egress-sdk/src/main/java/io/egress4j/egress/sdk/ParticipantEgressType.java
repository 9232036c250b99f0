package io.egress4j.egress.sdk;

import io.egress4j.api.CostKey;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.util.OptionalInt;
import livekit.LivekitEgress.ParticipantEgressRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Participant egress: one participant's camera and microphone (or screen share and its audio), encoded together.
 * It always records both: black video or silence where a track is missing, as upstream does.
 */
@Component(property = EgressType.NAME + "=participant")
public final class ParticipantEgressType implements EgressType {

    @Override
    public boolean handles(StartEgressRequest request) {
        return request.hasParticipant();
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return CostKey.PARTICIPANT;
    }

    /**
     * @throws EgressException upstream's {@code request has missing or invalid field: room name} (or {@code
     *                         identity}), and the output planner's errors
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        ParticipantEgressRequest request = start.getParticipant();
        String room = request.getRoomName();
        if (room.isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        String identity = request.getIdentity();
        if (identity.isEmpty()) {
            throw EgressException.invalidField("identity");
        }
        var outputs = context.planEncoded(new RequestedOutputs(identity, new NameValues(room, start.getRoomId(),
                identity, "", "", ""), request.getFileOutputsList(), request.getSegmentOutputsList(),
                request.getStreamOutputsList(), request.getImageOutputsList(),
                request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                request.hasAdvanced() ? request.getAdvanced() : null, true, true));
        return new SubscribedEgress(room, "participant egress of " + identity + " in room " + room
                + (request.getScreenShare() ? " (screen share)" : ""),
                info -> info.setParticipant(context.redact(request)), context.roomAccess(room),
                new ParticipantChoice(identity, request.getScreenShare()), outputs, false);
    }
}
