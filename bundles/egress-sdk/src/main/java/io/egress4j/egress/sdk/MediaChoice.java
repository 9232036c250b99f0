package io.egress4j.egress.sdk;

import java.util.Collection;
import java.util.Optional;
import livekit.LivekitEgress.AudioRoute;
import livekit.LivekitEgress.MediaSource;
import livekit.LivekitEgress.ParticipantVideo;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * LiveKit's v2 media source: one video (a track, or a participant's camera or screen share) and audio placed by
 * routes (by track, identity or participant kind, to a channel), everything else on both channels with
 * {@code capture_all}. Like a participant egress it goes on while tracks come and go.
 */
final class MediaChoice implements TrackChoice {

    private final MediaSource source;

    MediaChoice(MediaSource source) {
        this.source = source;
    }

    @Override
    public Optional<Route> route(ParticipantInfo participant, TrackInfo track) {
        return track.getType() == TrackType.VIDEO ? videoRoute(participant, track) : audioRoute(participant, track);
    }

    private Optional<Route> videoRoute(ParticipantInfo participant, TrackInfo track) {
        boolean chosen = switch (source.getVideoCase()) {
            case VIDEO_TRACK_ID -> track.getSid().equals(source.getVideoTrackId());
            case PARTICIPANT_VIDEO -> participant.getIdentity().equals(source.getParticipantVideo().getIdentity())
                    && track.getSource() == preferredSource(participant, source.getParticipantVideo());
            case VIDEO_NOT_SET -> false;
        };
        return chosen ? Optional.of(Route.VIDEO) : Optional.empty();
    }

    /** The screen share when it is preferred and there is one (as the participant is first seen), else the camera. */
    private static TrackSource preferredSource(ParticipantInfo participant, ParticipantVideo video) {
        boolean sharing = participant.getTracksList().stream()
                .anyMatch(track -> track.getSource() == TrackSource.SCREEN_SHARE);
        return video.getPreferScreenShare() && sharing ? TrackSource.SCREEN_SHARE : TrackSource.CAMERA;
    }

    /** The first route that matches, else both channels with capture_all, else not recorded. */
    private Optional<Route> audioRoute(ParticipantInfo participant, TrackInfo track) {
        for (AudioRoute route : source.getAudio().getRoutesList()) {
            boolean matches = switch (route.getMatchCase()) {
                case TRACK_ID -> route.getTrackId().equals(track.getSid());
                case PARTICIPANT_IDENTITY -> route.getParticipantIdentity().equals(participant.getIdentity());
                case PARTICIPANT_KIND -> route.getParticipantKind() == participant.getKind();
                case MATCH_NOT_SET -> false;
            };
            if (matches) {
                return Optional.of(switch (route.getChannel()) {
                    case AUDIO_CHANNEL_LEFT -> Route.AUDIO_LEFT;
                    case AUDIO_CHANNEL_RIGHT -> Route.AUDIO_RIGHT;
                    default -> Route.AUDIO_BOTH;
                });
            }
        }
        return source.getAudio().getCaptureAll() ? Optional.of(Route.AUDIO_BOTH) : Optional.empty();
    }

    /** A named video must appear; audio routes may match nobody yet. */
    @Override
    public boolean found(Collection<ParticipantInfo> room) {
        return switch (source.getVideoCase()) {
            case VIDEO_TRACK_ID -> room.stream().flatMap(participant -> participant.getTracksList().stream())
                    .anyMatch(track -> track.getSid().equals(source.getVideoTrackId()));
            case PARTICIPANT_VIDEO -> room.stream().anyMatch(participant ->
                    participant.getIdentity().equals(source.getParticipantVideo().getIdentity()));
            case VIDEO_NOT_SET -> true;
        };
    }

    @Override
    public Optional<String> ended(Collection<ParticipantInfo> room) {
        return Optional.empty();
    }

    @Override
    public Optional<String> notFound() {
        return switch (source.getVideoCase()) {
            case VIDEO_TRACK_ID -> Optional.of("track " + source.getVideoTrackId() + " not found");
            case PARTICIPANT_VIDEO -> Optional.of("participant " + source.getParticipantVideo().getIdentity()
                    + " not found");
            case VIDEO_NOT_SET -> Optional.empty();
        };
    }
}
