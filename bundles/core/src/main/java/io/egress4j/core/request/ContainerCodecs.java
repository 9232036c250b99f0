package io.egress4j.core.request;

import io.egress4j.api.FileFormat;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What one container can carry and what it uses when the request names no codec.
 *
 * <p>Upstream's table, restricted to what egress4j encodes. MP3 files only hold MP3 audio: upstream accepts Opus or
 * AAC for them too but then encodes MP3 anyway, we refuse instead of silently changing the codec. VP8 is ours: upstream
 * never encodes it.
 *
 * @param defaultVideo empty for audio-only containers
 */
record ContainerCodecs(Set<AudioCodec> audio, Set<VideoCodec> video, AudioCodec defaultAudio,
                       Optional<VideoCodec> defaultVideo) {

    private static final Set<VideoCodec> H264 =
            EnumSet.of(VideoCodec.H264_BASELINE, VideoCodec.H264_MAIN, VideoCodec.H264_HIGH);
    private static final Set<VideoCodec> NO_VIDEO = EnumSet.noneOf(VideoCodec.class);

    static ContainerCodecs of(FileFormat format) {
        return switch (format) {
            case MP4 -> new ContainerCodecs(EnumSet.of(AudioCodec.AAC, AudioCodec.OPUS), H264, AudioCodec.AAC,
                    Optional.of(VideoCodec.H264_MAIN));
            case OGG -> new ContainerCodecs(EnumSet.of(AudioCodec.OPUS), NO_VIDEO, AudioCodec.OPUS, Optional.empty());
            case WEBM -> new ContainerCodecs(EnumSet.of(AudioCodec.OPUS), EnumSet.of(VideoCodec.VP8),
                    AudioCodec.OPUS, Optional.of(VideoCodec.VP8));
            case MP3 -> new ContainerCodecs(EnumSet.of(AudioCodec.MP3), NO_VIDEO, AudioCodec.MP3, Optional.empty());
        };
    }

    boolean accepts(Optional<AudioCodec> requested) {
        return requested.map(audio::contains).orElse(true);
    }
}
