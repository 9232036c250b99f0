package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.EncodingOptionsPreset;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a request's {@code options} (nothing, a preset, or advanced options) to upstream's defaults. Every request
 * type with an {@code options} oneof goes through here.
 */
public final class EncodingResolver {

    /** Upstream's effective defaults (the proto comments claim 1080p / 4500 kbps; the code uses these). */
    public static final EncodingSettings DEFAULTS = new EncodingSettings(1280, 720, 24, 30, 3000,
            VideoCodec.H264_MAIN, AudioCodec.AAC, 128, 44100, 0);

    private static final Set<Integer> DEPTHS = Set.of(8, 16, 24);
    private static final int MIN_DIMENSION = 16;
    /** Upper bounds, so that no request can ask a node for more than a 4K, 60 fps encode. */
    public static final int MAX_DIMENSION = 3840;
    private static final int MAX_PIXELS = 3840 * 2160;
    private static final int MAX_FRAMERATE = 60;
    private static final int MAX_VIDEO_KBPS = 50_000;
    private static final int MAX_AUDIO_KBPS = 512;
    private static final int MAX_AUDIO_FREQUENCY = 96_000;
    private static final double MAX_KEY_FRAME_SECONDS = 60;

    private EncodingResolver() {
    }

    /** No {@code options}: the defaults, codecs chosen to fit the outputs. */
    public static RequestedEncoding defaults() {
        return new RequestedEncoding(DEFAULTS, Optional.empty(), Optional.empty());
    }

    /**
     * A preset changes resolution, frame rate and video bitrate only, never audio.
     *
     * @param presetNumber the wire value, so that values this proto version does not know are still rejected
     *                     cleanly; so is PASSTHROUGH, which only v2 media requests accept
     * @throws EgressException {@code request has missing or invalid field: preset}
     */
    public static RequestedEncoding preset(int presetNumber) throws EgressException {
        EncodingOptionsPreset preset = Objects.requireNonNullElse(
                EncodingOptionsPreset.forNumber(presetNumber), EncodingOptionsPreset.UNRECOGNIZED);
        EncodingSettings settings = switch (preset) {
            case H264_720P_30 -> video(1280, 720, 30, 3000);
            case H264_720P_60 -> video(1280, 720, 60, 4500);
            case H264_1080P_30 -> video(1920, 1080, 30, 4500);
            case H264_1080P_60 -> video(1920, 1080, 60, 6000);
            case PORTRAIT_H264_720P_30 -> video(720, 1280, 30, 3000);
            case PORTRAIT_H264_720P_60 -> video(720, 1280, 60, 4500);
            case PORTRAIT_H264_1080P_30 -> video(1080, 1920, 30, 4500);
            case PORTRAIT_H264_1080P_60 -> video(1080, 1920, 60, 6000);
            case PASSTHROUGH, UNRECOGNIZED -> throw EgressException.invalidField("preset");
        };
        return new RequestedEncoding(settings, Optional.empty(), Optional.empty());
    }

    /**
     * Advanced options: 0 (or DEFAULT for codecs) keeps the default. Stricter than upstream, negative numbers are
     * errors rather than ignored. Unlike upstream, VP8 is honoured (it only fits WebM); codec values this proto
     * version does not know are ignored, as upstream ignores codecs it cannot encode.
     *
     * @throws EgressException {@code request has missing or invalid field: <field>} for width, height, depth,
     *                         framerate, video_bitrate, audio_bitrate, audio_frequency or key_frame_interval
     */
    public static RequestedEncoding advanced(EncodingOptions options) throws EgressException {
        Optional<VideoCodec> videoCodec = requestedVideoCodec(options);
        Optional<AudioCodec> audioCodec = requestedAudioCodec(options);
        EncodingSettings settings = new EncodingSettings(
                dimension(options.getWidth(), DEFAULTS.width(), "width"),
                dimension(options.getHeight(), DEFAULTS.height(), "height"),
                depth(options.getDepth()),
                bounded(options.getFramerate(), DEFAULTS.framerate(), MAX_FRAMERATE, "framerate"),
                bounded(options.getVideoBitrate(), DEFAULTS.videoBitrateKbps(), MAX_VIDEO_KBPS, "video_bitrate"),
                videoCodec.orElse(DEFAULTS.videoCodec()),
                audioCodec.orElse(DEFAULTS.audioCodec()),
                bounded(options.getAudioBitrate(), DEFAULTS.audioBitrateKbps(), MAX_AUDIO_KBPS, "audio_bitrate"),
                bounded(options.getAudioFrequency(), DEFAULTS.audioFrequency(), MAX_AUDIO_FREQUENCY,
                        "audio_frequency"),
                keyFrameInterval(options.getKeyFrameInterval()));
        if ((long) settings.width() * settings.height() > MAX_PIXELS) {
            throw tooLarge("width and height", "3840x2160 pixels");
        }
        return new RequestedEncoding(settings, audioCodec, videoCodec);
    }

    private static EncodingSettings video(int width, int height, int framerate, int videoBitrateKbps) {
        return new EncodingSettings(width, height, DEFAULTS.depth(), framerate, videoBitrateKbps,
                DEFAULTS.videoCodec(), DEFAULTS.audioCodec(), DEFAULTS.audioBitrateKbps(), DEFAULTS.audioFrequency(),
                DEFAULTS.keyFrameInterval());
    }

    /** Encoders and Xvfb need an even size, and anything below 16 pixels is not a usable picture. */
    private static int dimension(int value, int fallback, String field) throws EgressException {
        if (value == 0) {
            return fallback;
        }
        if (value < MIN_DIMENSION || value % 2 != 0) {
            throw EgressException.invalidField(field);
        }
        if (value > MAX_DIMENSION) {
            throw tooLarge(field, String.valueOf(MAX_DIMENSION));
        }
        return value;
    }

    /** Only used as the Xvfb screen depth. */
    private static int depth(int value) throws EgressException {
        if (value == 0) {
            return DEFAULTS.depth();
        }
        if (!DEPTHS.contains(value)) {
            throw EgressException.invalidField("depth");
        }
        return value;
    }

    private static int bounded(int value, int fallback, int max, String field) throws EgressException {
        if (value < 0) {
            throw EgressException.invalidField(field);
        }
        if (value > max) {
            throw tooLarge(field, String.valueOf(max));
        }
        return value == 0 ? fallback : value;
    }

    private static double keyFrameInterval(double seconds) throws EgressException {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw EgressException.invalidField("key_frame_interval");
        }
        if (seconds > MAX_KEY_FRAME_SECONDS) {
            throw tooLarge("key_frame_interval", "60");
        }
        return seconds;
    }

    /** Upstream's wording, with the bound: {@code request has missing or invalid field: width (at most 3840)}. */
    public static EgressException tooLarge(String field, String max) {
        return new EgressException(EgressException.Code.INVALID_ARGUMENT,
                "request has missing or invalid field: " + field + " (at most " + max + ")");
    }

    private static Optional<AudioCodec> requestedAudioCodec(EncodingOptions options) {
        return switch (options.getAudioCodec()) {
            case OPUS -> Optional.of(AudioCodec.OPUS);
            case AAC -> Optional.of(AudioCodec.AAC);
            case AC_MP3 -> Optional.of(AudioCodec.MP3);
            case DEFAULT_AC, UNRECOGNIZED -> Optional.empty();
        };
    }

    private static Optional<VideoCodec> requestedVideoCodec(EncodingOptions options) {
        return switch (options.getVideoCodec()) {
            case H264_BASELINE -> Optional.of(VideoCodec.H264_BASELINE);
            case H264_MAIN -> Optional.of(VideoCodec.H264_MAIN);
            case H264_HIGH -> Optional.of(VideoCodec.H264_HIGH);
            case VP8 -> Optional.of(VideoCodec.VP8);
            case DEFAULT_VC, UNRECOGNIZED -> Optional.empty();
        };
    }
}
