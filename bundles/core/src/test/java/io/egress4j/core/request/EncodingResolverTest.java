package io.egress4j.core.request;

import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.EncodingOptionsPreset;
import livekit.LivekitModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static io.egress4j.core.request.InvalidArgument.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EncodingResolverTest {

    private static final EncodingSettings DEFAULTS = new EncodingSettings(1280, 720, 24, 30, 3000,
            VideoCodec.H264_MAIN, AudioCodec.AAC, 128, 44100, 0);

    @Test
    void defaultsAreUpstreamsEffectiveOnes() {
        assertEquals(new RequestedEncoding(DEFAULTS, Optional.empty(), Optional.empty()), EncodingResolver.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            H264_720P_30,           1280,  720, 30, 3000
            H264_720P_60,           1280,  720, 60, 4500
            H264_1080P_30,          1920, 1080, 30, 4500
            H264_1080P_60,          1920, 1080, 60, 6000
            PORTRAIT_H264_720P_30,   720, 1280, 30, 3000
            PORTRAIT_H264_720P_60,   720, 1280, 60, 4500
            PORTRAIT_H264_1080P_30, 1080, 1920, 30, 4500
            PORTRAIT_H264_1080P_60, 1080, 1920, 60, 6000
            """)
    void presetsSetVideoOnly(EncodingOptionsPreset preset, int width, int height, int framerate, int kbps)
            throws Exception {
        EncodingSettings expected = new EncodingSettings(width, height, 24, framerate, kbps, VideoCodec.H264_MAIN,
                AudioCodec.AAC, 128, 44100, 0);

        assertEquals(new RequestedEncoding(expected, Optional.empty(), Optional.empty()),
                EncodingResolver.preset(preset.getNumber()));
    }

    @ParameterizedTest
    @ValueSource(ints = {8 /* PASSTHROUGH: v2 media requests only */, 99, -1})
    void rejectsPassthroughAndUnknownPresets(int presetNumber) {
        assertInvalidField("preset", () -> EncodingResolver.preset(presetNumber));
    }

    @Test
    void zeroAdvancedOptionsKeepTheDefaults() throws Exception {
        assertEquals(EncodingResolver.defaults(), EncodingResolver.advanced(EncodingOptions.getDefaultInstance()));
    }

    @Test
    void advancedOptionsOverride() throws Exception {
        EncodingOptions options = EncodingOptions.newBuilder()
                .setWidth(640).setHeight(360).setDepth(16).setFramerate(25).setVideoBitrate(1200)
                .setAudioBitrate(96).setAudioFrequency(48000).setKeyFrameInterval(2.5)
                .setAudioCodec(LivekitModels.AudioCodec.OPUS).setVideoCodec(LivekitModels.VideoCodec.H264_HIGH)
                .build();

        RequestedEncoding resolved = EncodingResolver.advanced(options);

        assertEquals(new EncodingSettings(640, 360, 16, 25, 1200, VideoCodec.H264_HIGH, AudioCodec.OPUS, 96, 48000,
                2.5), resolved.settings());
        assertEquals(Optional.of(AudioCodec.OPUS), resolved.audioCodec());
        assertEquals(Optional.of(VideoCodec.H264_HIGH), resolved.videoCodec());
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            DEFAULT_AC,
            OPUS,       OPUS
            AAC,        AAC
            AC_MP3,     MP3
            """)
    void mapsAudioCodecs(LivekitModels.AudioCodec requested, AudioCodec expected) throws Exception {
        EncodingOptions options = EncodingOptions.newBuilder().setAudioCodec(requested).build();

        assertEquals(Optional.ofNullable(expected), EncodingResolver.advanced(options).audioCodec());
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            DEFAULT_VC,
            H264_BASELINE, H264_BASELINE
            H264_MAIN,     H264_MAIN
            H264_HIGH,     H264_HIGH
            VP8,           VP8
            """)
    void mapsVideoCodecsIncludingVp8(LivekitModels.VideoCodec requested, VideoCodec expected) throws Exception {
        EncodingOptions options = EncodingOptions.newBuilder().setVideoCodec(requested).build();

        assertEquals(Optional.ofNullable(expected), EncodingResolver.advanced(options).videoCodec());
    }

    @Test
    void ignoresCodecValuesThisProtoDoesNotKnow() throws Exception {
        EncodingOptions options = EncodingOptions.newBuilder().setAudioCodecValue(42).setVideoCodecValue(42).build();

        assertEquals(EncodingResolver.defaults(), EncodingResolver.advanced(options));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 15, 17, 641, -2})
    void rejectsSmallOrOddSizes(int size) {
        assertInvalidField("width",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setWidth(size).build()));
        assertInvalidField("height",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setHeight(size).build()));
    }

    @Test
    void acceptsTheSmallestEvenSize() throws Exception {
        EncodingSettings settings =
                EncodingResolver.advanced(EncodingOptions.newBuilder().setWidth(16).setHeight(16).build()).settings();

        assertEquals(16, settings.width());
        assertEquals(16, settings.height());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 24})
    void acceptsScreenDepths(int depth) throws Exception {
        assertEquals(depth,
                EncodingResolver.advanced(EncodingOptions.newBuilder().setDepth(depth).build()).settings().depth());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 12, 32, -24})
    void rejectsOtherDepths(int depth) {
        assertInvalidField("depth",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setDepth(depth).build()));
    }

    @Test
    void rejectsNegativeRatesAndFrequencies() {
        assertInvalidField("framerate",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setFramerate(-1).build()));
        assertInvalidField("video_bitrate",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setVideoBitrate(-1).build()));
        assertInvalidField("audio_bitrate",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setAudioBitrate(-1).build()));
        assertInvalidField("audio_frequency",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setAudioFrequency(-1).build()));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsUnusableKeyFrameIntervals(double seconds) {
        assertInvalidField("key_frame_interval",
                () -> EncodingResolver.advanced(EncodingOptions.newBuilder().setKeyFrameInterval(seconds).build()));
    }
}
