package io.egress4j.egress.sdk;

import io.egress4j.api.EgressException;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.SourceRequest;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;

/**
 * An egress recorded from the room as a subscriber (no browser): the chosen tracks decoded and encoded once into
 * every output.
 *
 * @param request     reports the request, redacted, in EgressInfo
 * @param startAtOnce whether recording starts on joining (a room mix) rather than with the first media
 */
record SubscribedEgress(String roomName, String summary, Consumer<EgressInfo.Builder> request, RoomAccess access,
                        TrackChoice choice, EncodedOutputs outputs, boolean startAtOnce) implements PlannedEgress {

    @Override
    public void describe(EgressInfo.Builder info) {
        request.accept(info.setRoomName(roomName).setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_SDK));
    }

    @Override
    public void record(RecordingSession session) throws EgressException, InterruptedException {
        session.recordEncoded(new RoomSource(session, access, choice, startAtOnce), new SourceRequest(
                session.egressId(), session.workDir(), "", outputs.video().orElse(null), outputs.audio(), false,
                null), outputs);
    }
}
