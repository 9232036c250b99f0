package io.egress4j.egress.roomcomposite;

import io.egress4j.api.NameValues;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.api.V2Outputs;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.util.OptionalInt;
import java.util.function.Function;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.TemplateSource;

/**
 * What a room composite asks for, from either form of the request: the classic RoomCompositeEgressRequest, or the
 * v2 StartEgressRequest with a template source.
 *
 * @param requestedOutputs its outputs, given the filename tokens' values
 */
record Composition(String roomName, String layout, boolean audioOnly, boolean videoOnly, String customBaseUrl,
                   Function<NameValues, RequestedOutputs> requestedOutputs) {

    static Composition of(StartEgressRequest start) {
        if (start.hasRoomComposite()) {
            RoomCompositeEgressRequest request = start.getRoomComposite();
            return new Composition(request.getRoomName(), request.getLayout(), request.getAudioOnly(),
                    request.getVideoOnly(), request.getCustomBaseUrl(), names -> new RequestedOutputs(
                    request.getRoomName(), names,
                    RequestedOutputs.withDeprecated(request.getFileOutputsList(), request.hasFile(), request.getFile()),
                    RequestedOutputs.withDeprecated(request.getSegmentOutputsList(), request.hasSegments(),
                            request.getSegments()),
                    RequestedOutputs.withDeprecated(request.getStreamOutputsList(), request.hasStream(),
                            request.getStream()),
                    request.getImageOutputsList(),
                    request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                    request.hasAdvanced() ? request.getAdvanced() : null, !request.getVideoOnly(),
                    !request.getAudioOnly()));
        }
        livekit.LivekitEgress.StartEgressRequest request = start.getEgress();
        TemplateSource template = request.getTemplate();
        return new Composition(request.getRoomName(), template.getLayout(), template.getAudioOnly(),
                template.getVideoOnly(), template.getCustomBaseUrl(), names -> V2Outputs.requested(
                request.getRoomName(), names, request, !template.getVideoOnly(), !template.getAudioOnly()));
    }

    RequestedOutputs outputs(NameValues names) {
        return requestedOutputs.apply(names);
    }
}
