package io.egress4j.core.pipeline;

import io.egress4j.core.request.EncodingSettings;
import io.egress4j.core.request.EncodingSettings.AudioCodec;

/** The encoder elements for an egress, as launch fragments from raw media to a parsed, muxable stream. */
final class Encoders {

    private Encoders() {
    }

    /**
     * Video encoder. The keyframe interval defaults to one second: file outputs are written in one-second fragments
     * that each start with a keyframe, which is what keeps a crashed recording playable up to its last second.
     */
    static String video(EncodingSettings encoding, H264Tuning tuning, int encoderThreads) {
        int keyframeDistance = (int) Math.max(1, Math.round(encoding.framerate()
                * (encoding.keyFrameInterval() > 0 ? encoding.keyFrameInterval() : 1.0)));
        return switch (encoding.videoCodec()) {
            case VP8 -> "vp8enc deadline=1 cpu-used=8 end-usage=cbr target-bitrate=" + encoding.videoBitrateKbps() * 1000
                    + " keyframe-max-dist=" + keyframeDistance + " threads=" + Math.max(1, encoderThreads);
            case H264_BASELINE, H264_MAIN, H264_HIGH -> "x264enc speed-preset=veryfast bitrate="
                    + encoding.videoBitrateKbps() + " key-int-max=" + keyframeDistance + tuning.x264Properties()
                    + (encoderThreads > 0 ? " threads=" + encoderThreads : "")
                    + " ! video/x-h264,profile=" + h264Profile(encoding) + " ! h264parse";
        };
    }

    private static String h264Profile(EncodingSettings encoding) {
        return switch (encoding.videoCodec()) {
            case H264_BASELINE -> "baseline";
            case H264_HIGH -> "high";
            default -> "main";
        };
    }

    static String audio(EncodingSettings encoding) {
        int bitsPerSecond = encoding.audioBitrateKbps() * 1000;
        return switch (encoding.audioCodec()) {
            // gst-libav turns the encoder's "M/S stereo when it helps" default into "always", which smears a
            // one-sided channel (a dual-channel mix) over both at 6 dB less: left and right are coded as they are.
            case AAC -> "avenc_aac bitrate=" + bitsPerSecond + " aac-ms=false ! aacparse";
            case OPUS -> "opusenc bitrate=" + bitsPerSecond;
            case MP3 -> "lamemp3enc target=bitrate cbr=true bitrate=" + encoding.audioBitrateKbps() + " ! mpegaudioparse";
        };
    }

    /**
     * A parser at the head of each output branch: one encoded stream feeds muxers that want it framed differently
     * (MP4 wants H.264 as avc and raw AAC, MPEG-TS byte-stream and ADTS); the parser converts per branch.
     */
    static String branchParser(Enum<?> codec) {
        return switch (codec.name()) {
            case "H264_BASELINE", "H264_MAIN", "H264_HIGH" -> "h264parse ! ";
            case "AAC" -> "aacparse ! ";
            default -> "";
        };
    }

    /** Opus only takes 48 kHz-family rates; the other encoders take the configured frequency. */
    static int audioSampleRate(EncodingSettings encoding) {
        return encoding.audioCodec() == AudioCodec.OPUS ? 48_000 : encoding.audioFrequency();
    }
}
