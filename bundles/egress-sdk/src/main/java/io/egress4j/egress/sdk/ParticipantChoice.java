package io.egress4j.egress.sdk;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * One participant's camera and microphone, or (with {@code screen_share}) its screen share and the share's audio.
 * Tracks may come and go; the egress ends when the participant leaves.
 */
final class ParticipantChoice implements TrackChoice {

    private static final Set<TrackSource> CAMERA = Set.of(TrackSource.CAMERA, TrackSource.MICROPHONE);
    private static final Set<TrackSource> SCREEN = Set.of(TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);

    private final String identity;
    private final Set<TrackSource> sources;
    private final AtomicBoolean seen = new AtomicBoolean();

    ParticipantChoice(String identity, boolean screenShare) {
        this.identity = identity;
        this.sources = screenShare ? SCREEN : CAMERA;
    }

    @Override
    public Optional<Route> route(ParticipantInfo participant, TrackInfo track) {
        if (!participant.getIdentity().equals(identity) || !sources.contains(source(track))) {
            return Optional.empty();
        }
        return Optional.of(track.getType() == TrackType.VIDEO ? Route.VIDEO : Route.AUDIO_BOTH);
    }

    /** A track of unknown source counts by its kind, as camera or microphone. */
    private static TrackSource source(TrackInfo track) {
        if (track.getSource() != TrackSource.UNKNOWN) {
            return track.getSource();
        }
        return track.getType() == TrackType.VIDEO ? TrackSource.CAMERA : TrackSource.MICROPHONE;
    }

    @Override
    public boolean found(Collection<ParticipantInfo> room) {
        boolean present = room.stream().anyMatch(participant -> participant.getIdentity().equals(identity));
        if (present) {
            seen.set(true);
        }
        return present;
    }

    @Override
    public Optional<String> ended(Collection<ParticipantInfo> room) {
        return seen.get() && !found(room) ? Optional.of("participant left") : Optional.empty();
    }

    @Override
    public Optional<String> notFound() {
        return Optional.of("participant " + identity + " not found");
    }
}
