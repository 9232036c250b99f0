package io.egress4j.egress.sdk;

import io.egress4j.api.CostKey;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.V2Outputs;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import livekit.LivekitEgress.MediaSource;
import org.osgi.service.component.annotations.Component;

/** LiveKit's v2 StartEgress with a media source: chosen tracks of the room, decoded and encoded once. */
@Component(property = EgressType.NAME + "=media")
public final class MediaEgressType implements EgressType {

    @Override
    public boolean handles(StartEgressRequest request) {
        return request.hasEgress() && request.getEgress().hasMedia();
    }

    /** Upstream prices a transcoded media source as a participant egress. */
    @Override
    public CostKey costKey(StartEgressRequest request) {
        return CostKey.PARTICIPANT;
    }

    /**
     * @throws EgressException upstream's {@code request has missing or invalid field: room name} (or {@code media
     *                         source} when it asks for neither video nor audio), and the output planner's errors
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        livekit.LivekitEgress.StartEgressRequest request = start.getEgress();
        String room = request.getRoomName();
        if (room.isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        MediaSource media = request.getMedia();
        boolean video = media.getVideoCase() != MediaSource.VideoCase.VIDEO_NOT_SET;
        boolean audio = media.getAudio().getCaptureAll() || media.getAudio().getRoutesCount() > 0;
        if (!video && !audio) {
            throw EgressException.invalidField("media source");
        }
        String identity = media.hasParticipantVideo() ? media.getParticipantVideo().getIdentity() : "";
        var outputs = context.planEncoded(V2Outputs.requested(identity.isEmpty() ? room : identity,
                new NameValues(room, start.getRoomId(), identity, media.getVideoTrackId(), "", ""), request, audio,
                video));
        return new SubscribedEgress(room, "media egress of room " + room, info -> info.setEgress(
                context.redact(request)), context.roomAccess(room), new MediaChoice(media), outputs, false);
    }
}
