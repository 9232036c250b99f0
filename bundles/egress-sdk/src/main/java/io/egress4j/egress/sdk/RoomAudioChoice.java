package io.egress4j.egress.sdk;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.AudioMixing;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;

/**
 * Every audio track of the room, those published later included, mixed as {@code audio_mixing} says: on both
 * channels; agents left and everyone else right; or each new track on the other side from the one before. The room
 * may be empty or fall silent: the egress records until it is stopped.
 */
final class RoomAudioChoice implements TrackChoice {

    private final AudioMixing mixing;
    private final AtomicInteger tracksSeen = new AtomicInteger();

    RoomAudioChoice(AudioMixing mixing) {
        this.mixing = mixing;
    }

    @Override
    public Optional<Route> route(ParticipantInfo participant, TrackInfo track) {
        if (track.getType() != TrackType.AUDIO) {
            return Optional.empty();
        }
        return Optional.of(switch (mixing) {
            case DUAL_CHANNEL_AGENT -> participant.getKind() == ParticipantInfo.Kind.AGENT
                    ? Route.AUDIO_LEFT : Route.AUDIO_RIGHT;
            case DUAL_CHANNEL_ALTERNATE -> tracksSeen.getAndIncrement() % 2 == 0 ? Route.AUDIO_LEFT : Route.AUDIO_RIGHT;
            default -> Route.AUDIO_BOTH;
        });
    }

    @Override
    public boolean found(Collection<ParticipantInfo> room) {
        return true;
    }

    @Override
    public Optional<String> ended(Collection<ParticipantInfo> room) {
        return Optional.empty();
    }

    @Override
    public Optional<String> notFound() {
        return Optional.empty();
    }
}
