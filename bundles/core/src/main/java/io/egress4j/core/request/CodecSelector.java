package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.FileFormat;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Fits the codecs to the container: a codec the request names must fit, otherwise the container's default is used.
 *
 * <p>Errors (INVALID_ARGUMENT), with the container in lower case and the codec as AAC, Opus, MP3, H264 or VP8 (H264
 * whatever the profile):
 * <ul>
 *   <li>{@code format ogg incompatible with codec AAC} when the named codec does not fit;</li>
 *   <li>{@code no supported codec is compatible with all outputs} when nothing was named and the container has
 *       nothing for an enabled track (video in an OGG or MP3 file).</li>
 * </ul>
 * A disabled track is not checked; its codec in the result is meaningless.
 */
public final class CodecSelector {

    private CodecSelector() {
    }

    public static EncodingSettings select(FileFormat format, RequestedEncoding requested, boolean audio, boolean video)
            throws EgressException {
        ContainerCodecs container = ContainerCodecs.of(format);
        EncodingSettings settings = requested.settings();
        AudioCodec audioCodec = audio
                ? fit(format, container.audio(), requested.audioCodec(), Optional.of(container.defaultAudio()),
                        CodecSelector::audioName)
                : settings.audioCodec();
        VideoCodec videoCodec = video
                ? fit(format, container.video(), requested.videoCodec(), container.defaultVideo(),
                        CodecSelector::videoName)
                : settings.videoCodec();
        return settings.withCodecs(videoCodec, audioCodec);
    }

    private static <C> C fit(FileFormat format, Set<C> supported, Optional<C> requested, Optional<C> fallback,
                             Function<C, String> name) throws EgressException {
        if (requested.isPresent()) {
            if (!supported.contains(requested.get())) {
                throw new EgressException(Code.INVALID_ARGUMENT, "format " + format.name().toLowerCase(Locale.ROOT)
                        + " incompatible with codec " + name.apply(requested.get()));
            }
            return requested.get();
        }
        return fallback.orElseThrow(() -> new EgressException(Code.INVALID_ARGUMENT,
                "no supported codec is compatible with all outputs"));
    }

    private static String audioName(AudioCodec codec) {
        return switch (codec) {
            case AAC -> "AAC";
            case OPUS -> "Opus";
            case MP3 -> "MP3";
        };
    }

    private static String videoName(VideoCodec codec) {
        return switch (codec) {
            case H264_BASELINE, H264_MAIN, H264_HIGH -> "H264";
            case VP8 -> "VP8";
        };
    }
}
