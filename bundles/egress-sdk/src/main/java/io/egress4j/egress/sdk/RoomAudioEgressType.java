package io.egress4j.egress.sdk;

import io.egress4j.api.CostKey;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.api.V2Outputs;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.util.OptionalInt;
import java.util.function.Consumer;
import livekit.LivekitEgress.AudioMixing;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.TemplateSource;
import org.osgi.service.component.annotations.Component;

/**
 * The audio-only room composite without a layout or template URL (classic, or v2 with a template source): upstream
 * records it without a browser, and so does this type, mixing every audio track of the room itself.
 */
@Component(property = EgressType.NAME + "=sdk_room_composite")
public final class RoomAudioEgressType implements EgressType {

    /** The case upstream takes away from the browser; the room composite type leaves exactly this to us. */
    @Override
    public boolean handles(StartEgressRequest request) {
        if (request.hasRoomComposite()) {
            RoomCompositeEgressRequest composite = request.getRoomComposite();
            return composite.getAudioOnly() && composite.getLayout().isEmpty()
                    && composite.getCustomBaseUrl().isEmpty();
        }
        if (request.hasEgress() && request.getEgress().hasTemplate()) {
            TemplateSource template = request.getEgress().getTemplate();
            return template.getAudioOnly() && template.getLayout().isEmpty() && template.getCustomBaseUrl().isEmpty();
        }
        return false;
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return CostKey.SDK_AUDIO_ROOM_COMPOSITE;
    }

    /**
     * @throws EgressException upstream's {@code request has missing or invalid field: room name} (or {@code
     *                         audio_only and video_only}), and the output planner's errors
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        String room;
        boolean videoOnly;
        AudioMixing mixing;
        RequestedOutputs requested;
        Consumer<EgressInfo.Builder> describe;
        if (start.hasRoomComposite()) {
            RoomCompositeEgressRequest request = start.getRoomComposite();
            room = request.getRoomName();
            videoOnly = request.getVideoOnly();
            mixing = request.getAudioMixing();
            requested = new RequestedOutputs(room, names(room, start),
                    RequestedOutputs.withDeprecated(request.getFileOutputsList(), request.hasFile(), request.getFile()),
                    RequestedOutputs.withDeprecated(request.getSegmentOutputsList(), request.hasSegments(),
                            request.getSegments()),
                    RequestedOutputs.withDeprecated(request.getStreamOutputsList(), request.hasStream(),
                            request.getStream()),
                    request.getImageOutputsList(),
                    request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                    request.hasAdvanced() ? request.getAdvanced() : null, true, false);
            describe = info -> info.setRoomComposite(context.redact(request));
        } else {
            livekit.LivekitEgress.StartEgressRequest request = start.getEgress();
            room = request.getRoomName();
            videoOnly = request.getTemplate().getVideoOnly();
            mixing = AudioMixing.DEFAULT_MIXING; // the v2 template source has no mixing option
            requested = V2Outputs.requested(room, names(room, start), request, true, false);
            describe = info -> info.setEgress(context.redact(request));
        }
        if (room.isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        if (videoOnly) {
            throw EgressException.invalidField("audio_only and video_only");
        }
        return new SubscribedEgress(room, "audio of room " + room + mixingNote(mixing), describe,
                context.roomAccess(room), new RoomAudioChoice(mixing), context.planEncoded(requested), true);
    }

    private static NameValues names(String room, StartEgressRequest start) {
        return new NameValues(room, start.getRoomId(), "", "", "", "");
    }

    private static String mixingNote(AudioMixing mixing) {
        return mixing == AudioMixing.DEFAULT_MIXING ? "" : " (" + mixing.name().toLowerCase() + ")";
    }
}
