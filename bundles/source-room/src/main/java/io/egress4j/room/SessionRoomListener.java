package io.egress4j.room;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.RecordingSession;
import livekit.LivekitModels.DisconnectReason;

/**
 * What the room's endings mean for the egress recording it, the same for every type that joins a room: another
 * recorder with this egress's identity replaced it, the room closed, the server went away, or the media failed.
 * A type adds what it does with participants and media.
 */
public abstract class SessionRoomListener implements RoomClient.Listener {

    protected final RecordingSession session;

    protected SessionRoomListener(RecordingSession session) {
        this.session = session;
    }

    @Override
    public void left(String reason) {
        if (DisconnectReason.DUPLICATE_IDENTITY.name().equals(reason)) {
            session.replaced();
        } else {
            session.sourceClosed("Room closed");
        }
    }

    @Override
    public void disconnected(String reason) {
        // Upstream's words; what was recorded is still finalised and stored.
        session.fail(new EgressException(Code.UNAVAILABLE,
                "recording ended early: connection to room failed (" + reason + ")"));
    }

    @Override
    public void mediaError(String error) {
        session.fail(new EgressException(Code.INTERNAL, error));
    }
}
