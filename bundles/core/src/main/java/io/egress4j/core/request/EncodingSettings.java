package io.egress4j.core.request;

import io.egress4j.api.VideoFormat;

/**
 * The encoding one egress uses, after defaults, preset and advanced options were applied and the codecs were fitted
 * to the outputs ({@link CodecSelector}). The codec of a disabled track (audio-only or video-only) means nothing.
 *
 * @param keyFrameInterval seconds between keyframes; 0 leaves the choice to the output
 */
public record EncodingSettings(int width, int height, int depth, int framerate, int videoBitrateKbps,
                               VideoCodec videoCodec, AudioCodec audioCodec, int audioBitrateKbps,
                               int audioFrequency, double keyFrameInterval) {

    public enum VideoCodec { H264_BASELINE, H264_MAIN, H264_HIGH, VP8 }

    public enum AudioCodec { AAC, OPUS, MP3 }

    /** The raw video these settings ask a source for. */
    public VideoFormat videoFormat() {
        return new VideoFormat(width, height, depth, framerate);
    }

    public EncodingSettings withKeyFrameInterval(double seconds) {
        return new EncodingSettings(width, height, depth, framerate, videoBitrateKbps, videoCodec, audioCodec,
                audioBitrateKbps, audioFrequency, seconds);
    }

    public EncodingSettings withCodecs(VideoCodec video, AudioCodec audio) {
        return new EncodingSettings(width, height, depth, framerate, videoBitrateKbps, video, audio, audioBitrateKbps,
                audioFrequency, keyFrameInterval);
    }
}
