package io.egress4j.egress.sdk;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;

/** The room of one egress as the core's source: opening it joins and subscribes (see {@link RoomCapture}). */
record RoomSource(RecordingSession session, RoomAccess access, TrackChoice choice, boolean startAtOnce)
        implements Source {

    @Override
    public Capture open(SourceRequest request, CaptureEvents events) throws EgressException {
        return RoomCapture.open(session, access, choice, request, events, startAtOnce);
    }
}
