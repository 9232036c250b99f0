package io.egress4j.egress.sdk;

import io.egress4j.api.EgressException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;

/** Exactly the requested audio and video track; the egress ends once none of them is published any more. */
final class TrackCompositeChoice implements TrackChoice {

    private final String audioTrackId;
    private final String videoTrackId;
    private final AtomicBoolean seen = new AtomicBoolean();

    /** Either id may be empty, not both. */
    TrackCompositeChoice(String audioTrackId, String videoTrackId) {
        this.audioTrackId = audioTrackId;
        this.videoTrackId = videoTrackId;
    }

    /** @throws EgressException {@code request has missing or invalid field: audio_track_id} (or video) on a kind
     *                         that does not match the field */
    @Override
    public Optional<Route> route(ParticipantInfo participant, TrackInfo track) throws EgressException {
        if (track.getSid().equals(audioTrackId)) {
            return Optional.of(kind(track, TrackType.AUDIO, "audio_track_id", Route.AUDIO_BOTH));
        }
        if (track.getSid().equals(videoTrackId)) {
            return Optional.of(kind(track, TrackType.VIDEO, "video_track_id", Route.VIDEO));
        }
        return Optional.empty();
    }

    private static Route kind(TrackInfo track, TrackType expected, String field, Route route)
            throws EgressException {
        if (track.getType() != expected) {
            throw EgressException.invalidField(field);
        }
        return route;
    }

    @Override
    public boolean found(Collection<ParticipantInfo> room) {
        boolean all = published(room).containsAll(requested());
        if (all) {
            seen.set(true);
        }
        return all;
    }

    @Override
    public Optional<String> ended(Collection<ParticipantInfo> room) {
        Set<String> published = published(room);
        return seen.get() && requested().stream().noneMatch(published::contains)
                ? Optional.of("all tracks ended") : Optional.empty();
    }

    @Override
    public Optional<String> notFound() {
        return Optional.of("track " + (audioTrackId.isEmpty() ? videoTrackId : audioTrackId) + " not found");
    }

    private Set<String> requested() {
        return Stream.of(audioTrackId, videoTrackId).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
    }

    private static Set<String> published(Collection<ParticipantInfo> room) {
        return room.stream().flatMap(participant -> participant.getTracksList().stream()).map(TrackInfo::getSid)
                .collect(Collectors.toSet());
    }
}
