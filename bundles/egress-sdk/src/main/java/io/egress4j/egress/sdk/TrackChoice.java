package io.egress4j.egress.sdk;

import io.egress4j.api.EgressException;
import java.util.Collection;
import java.util.Optional;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/** Which of the room's tracks an egress records, and when the room no longer holds what it records. */
interface TrackChoice {

    /**
     * Where {@code track} of {@code participant} goes, or empty when this egress does not record it.
     *
     * @throws EgressException the track is the one asked for but cannot be recorded as asked (wrong kind)
     */
    Optional<Route> route(ParticipantInfo participant, TrackInfo track) throws EgressException;

    /** Whether what the egress records has appeared in the room (ending the wait for it). */
    boolean found(Collection<ParticipantInfo> room);

    /** Why the egress ends, given the room as it is now (connected participants only); empty while it goes on. */
    Optional<String> ended(Collection<ParticipantInfo> room);

    /** The NotFound error when nothing was found in time; empty for an egress that waits for the room to fill. */
    Optional<String> notFound();
}
