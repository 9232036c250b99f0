package io.egress4j.egress.sdk;

import io.egress4j.api.VideoFormat;
import io.egress4j.media.WebRtcPeer.IncomingStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The subscriber's side of the one encode: each stream is decoded where it arrives and handed to the core's
 * pipeline in the same process through GStreamer's inter elements. Video is scaled into the output size with its
 * aspect ratio kept (letterboxed) and given the output's constant frame rate (a WebRTC stream has none), so a
 * publisher changing resolution or rate changes nothing downstream; the core's
 * {@code intervideosrc} repeats the newest frame at the output rate and shows black once frames stop for a second.
 * Audio is decoded, placed on its channels and mixed with a silent live source, so the mix runs whoever speaks.
 */
final class Decoding {

    /** What the mix and the core's audio source carry. */
    static final String AUDIO_CAPS = "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2";
    /**
     * How long the mixer waits for a stream's audio: each arrives after its jitter buffer (webrtcbin's default is
     * 200 ms), and what comes later than this is dropped as too late.
     */
    private static final long MIX_LATENCY_NANOS = 400_000_000L;

    private Decoding() {
    }

    /** The channel names of one egress: unique in the process, which is all the inter elements need. */
    static String videoChannel(String egressId) {
        return egressId + "-video";
    }

    static String audioChannel(String egressId) {
        return egressId + "-audio";
    }

    /** The subscriber pipeline's own elements: the audio mix, always running, into the core's audio channel. */
    static String mix(String egressId) {
        return "audiotestsrc is-live=true wave=silence samplesperbuffer=960 ! " + AUDIO_CAPS + " ! mix.\n"
                + "audiomixer name=mix latency=" + MIX_LATENCY_NANOS + " ! " + AUDIO_CAPS
                + " ! interaudiosink channel=" + audioChannel(egressId) + "\n";
    }

    /**
     * How {@code stream} is decoded for {@code route}; empty for a codec that cannot be decoded here. A video
     * fragment ends in the egress's video channel; an audio one is left open, to be linked to the mix.
     */
    static Optional<String> fragment(IncomingStream stream, Route route, VideoFormat video, String egressId) {
        String codec = stream.encodingName() == null ? "" : stream.encodingName().toUpperCase(Locale.ROOT);
        if (route == Route.VIDEO) {
            return videoDecoder(codec).map(decoder -> decoder + " ! videoconvert ! videoscale ! videorate ! "
                    + "video/x-raw,format=I420,width=" + video.width() + ",height=" + video.height()
                    + ",pixel-aspect-ratio=1/1,framerate=" + video.framerate() + "/1 ! intervideosink channel="
                    + videoChannel(egressId));
        }
        return audioDecoder(codec).map(decoder -> decoder + " ! audioconvert ! audioresample ! " + placement(route)
                + " ! " + AUDIO_CAPS + " ! queue max-size-time=1000000000 max-size-buffers=0 max-size-bytes=0");
    }

    /** Depayloading waits for a keyframe and asks for one (PLI), so decoding never starts on a broken picture. */
    private static Optional<String> videoDecoder(String codec) {
        return Optional.ofNullable(switch (codec) {
            case "VP8" -> "rtpvp8depay wait-for-keyframe=true request-keyframe=true ! vp8dec";
            case "VP9" -> "rtpvp9depay wait-for-keyframe=true request-keyframe=true ! vp9dec";
            case "H264" -> "rtph264depay wait-for-keyframe=true request-keyframe=true ! h264parse ! avdec_h264";
            default -> null;
        });
    }

    /** Opus conceals a lost packet (PLC) rather than leaving a click. */
    private static Optional<String> audioDecoder(String codec) {
        return Optional.ofNullable(switch (codec) {
            case "OPUS" -> "rtpopusdepay ! opusdec plc=true";
            case "PCMU" -> "rtppcmudepay ! mulawdec";
            case "PCMA" -> "rtppcmadepay ! alawdec";
            default -> null;
        });
    }

    /** One channel: the track as mono, panned fully to that side. */
    private static String placement(Route route) {
        return switch (route) {
            case AUDIO_LEFT -> "audio/x-raw,channels=1 ! audiopanorama panorama=-1.0 ! audioconvert";
            case AUDIO_RIGHT -> "audio/x-raw,channels=1 ! audiopanorama panorama=1.0 ! audioconvert";
            default -> "audioconvert";
        };
    }

    /** The core's sources: the egress's channels as raw video and as the mix's audio. */
    static String videoSource(String egressId) {
        return "intervideosrc channel=" + videoChannel(egressId);
    }

    static String audioSource(String egressId) {
        return "interaudiosrc buffer-time=100000000 channel=" + audioChannel(egressId) + " ! " + AUDIO_CAPS;
    }
}
