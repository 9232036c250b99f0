package io.egress4j.simulator;

/**
 * One synthetic track: video is a solid colour, audio a steady tone; each participant gets its own, so a recording
 * shows whose media it holds. Once a second the video flashes white and the audio beeps, on the same instant
 * ({@link SyntheticMedia}), for A/V-sync checks.
 *
 * @param sid      {@code TR_...}
 * @param codec    what the track is encoded as
 * @param colour   video colour as 0xRRGGBB; audio tone in Hz for audio tracks
 * @param width    the size video is first sent at (0 for audio)
 * @param height   likewise
 */
public record SimulatedTrack(String sid, Codec codec, int colour, int width, int height) {

    public enum Codec {
        VP8("video/VP8", true), H264("video/H264", true), OPUS("audio/opus", false);

        private final String mimeType;
        private final boolean video;

        Codec(String mimeType, boolean video) {
            this.mimeType = mimeType;
            this.video = video;
        }

        public String mimeType() {
            return mimeType;
        }

        public boolean video() {
            return video;
        }
    }

    /**
     * Launch fragment from the source ({@code appsrc name=src_<sid>}, fed by {@link SyntheticMedia}) to the encoded
     * stream, named {@code enc_<sid>} at its end; the sender tees it to the payloader and to the reference file.
     */
    String encoder() {
        String name = " name=enc_" + sid;
        String video = source(rawVideo(width, height));
        return switch (codec) {
            case VP8 -> video + " ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 target-bitrate=500000"
                    + " ! identity" + name;
            case H264 -> video + " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30"
                    + " bitrate=500 ! video/x-h264,profile=constrained-baseline ! h264parse config-interval=-1 ! "
                    + "video/x-h264,stream-format=byte-stream,alignment=au ! identity" + name;
            case OPUS -> source("audio/x-raw,format=S16LE,layout=interleaved,rate=" + SyntheticMedia.RATE
                    + ",channels=" + SyntheticMedia.CHANNELS) + " ! opusenc bitrate=64000 ! identity" + name;
        };
    }

    private String source(String caps) {
        return "appsrc name=src_" + sid + " format=time is-live=true do-timestamp=false caps=\"" + caps + "\"";
    }

    /** The caps of the raw frames a video track is encoded from, at {@code width}x{@code height}. */
    static String rawVideo(int width, int height) {
        return "video/x-raw,format=I420,width=" + width + ",height=" + height + ",framerate=" + SyntheticMedia.FPS
                + "/1";
    }

    /**
     * The RTP payloader and its caps; payload types follow the offer's order. The SSRC is fixed and in the caps, so
     * that the offer announces it ({@code a=ssrc}) as livekit-server's offers do: a subscriber tells its streams
     * apart by it.
     */
    String payloader(int payloadType, long ssrc) {
        String stream = ",payload=" + payloadType + ",ssrc=(uint)" + ssrc;
        return switch (codec) {
            case VP8 -> "rtpvp8pay picture-id-mode=15-bit ssrc=" + ssrc
                    + " ! application/x-rtp,media=video,encoding-name=VP8" + stream;
            case H264 -> "rtph264pay config-interval=-1 aggregate-mode=zero-latency ssrc=" + ssrc
                    + " ! application/x-rtp,media=video,encoding-name=H264,packetization-mode=(string)1,"
                    + "profile-level-id=(string)42e01f" + stream;
            // Chromium rejects an Opus section without its channel count (opus/48000/2): the offer may be
            // written before the payloader's own caps arrive, so the filter names it.
            case OPUS -> "rtpopuspay ssrc=" + ssrc + " ! application/x-rtp,media=audio,encoding-name=OPUS,"
                    + "encoding-params=(string)2" + stream;
        };
    }

    /** What the reference copy of the encoded stream is written as (the bitstream, unchanged). */
    String referenceSink(String path) {
        // Not async: a sink that prerolls would take a playing pipeline back to PAUSED when added to it, and live
        // sources only produce in PLAYING.
        String sink = "filesink async=false location=" + path;
        return switch (codec) {
            case VP8 -> "avmux_ivf ! " + sink;
            case H264 -> sink;
            case OPUS -> "oggmux ! " + sink;
        };
    }

    String referenceExtension() {
        return switch (codec) {
            case VP8 -> ".ivf";
            case H264 -> ".h264";
            case OPUS -> ".ogg";
        };
    }
}
