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
import java.util.stream.Stream;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import org.osgi.service.component.annotations.Component;

/** Track composite egress: one audio and/or one video track, decoded and encoded together into every output. */
@Component(property = EgressType.NAME + "=track_composite")
public final class TrackCompositeEgressType implements EgressType {

    @Override
    public boolean handles(StartEgressRequest request) {
        return request.hasTrackComposite();
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return CostKey.TRACK_COMPOSITE;
    }

    /**
     * @throws EgressException upstream's {@code request has missing or invalid field: room name} (or {@code
     *                         audio_track_id or video_track_id}), and the output planner's errors
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        TrackCompositeEgressRequest request = start.getTrackComposite();
        String room = request.getRoomName();
        if (room.isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        boolean audio = !request.getAudioTrackId().isEmpty();
        boolean video = !request.getVideoTrackId().isEmpty();
        if (!audio && !video) {
            throw EgressException.invalidField("audio_track_id or video_track_id");
        }
        var outputs = context.planEncoded(new RequestedOutputs(room, new NameValues(room, start.getRoomId(), "", "",
                "", ""),
                RequestedOutputs.withDeprecated(request.getFileOutputsList(), request.hasFile(), request.getFile()),
                RequestedOutputs.withDeprecated(request.getSegmentOutputsList(), request.hasSegments(),
                        request.getSegments()),
                RequestedOutputs.withDeprecated(request.getStreamOutputsList(), request.hasStream(),
                        request.getStream()),
                request.getImageOutputsList(),
                request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                request.hasAdvanced() ? request.getAdvanced() : null, audio, video));
        String tracks = String.join(" + ", Stream.of(request.getAudioTrackId(),
                request.getVideoTrackId()).filter(id -> !id.isEmpty()).toList());
        return new SubscribedEgress(room, "track composite of " + tracks + " in room " + room,
                info -> info.setTrackComposite(context.redact(request)), context.roomAccess(room),
                new TrackCompositeChoice(request.getAudioTrackId(), request.getVideoTrackId()), outputs, false);
    }
}
