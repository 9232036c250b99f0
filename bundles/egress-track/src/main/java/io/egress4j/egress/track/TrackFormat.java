package io.egress4j.egress.track;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Launch;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file a track egress writes, chosen by the track's codec (upstream's rule: Opus → OGG, H.264 → MP4,
 * VP8/VP9 → WebM; IVF for VP8 when the filepath asks for it), and the depayload-and-mux chain that writes it from
 * RTP. Video is never decoded; Opus is kept as Opus (upstream decodes and re-encodes it), with muted spans written
 * as silent frames (the receiver fills the gaps after {@code opusparse}).
 */
public enum TrackFormat {

    OGG(".ogg", "audio/ogg", "rtpopusdepay ! opusparse ! oggmux"),
    /**
     * Fragmented while recording and finalised in place at the end, like file outputs, so a crash keeps all but the
     * last second. h264timestamper gives every access unit the PTS mp4mux insists on (the depayloader leaves some
     * without).
     */
    MP4(".mp4", "video/mp4", "rtph264depay wait-for-keyframe=true request-keyframe=true ! h264parse ! h264timestamper"
            + " ! mp4mux fragment-duration=1000 fragment-mode=first-moov-then-finalise"),
    WEBM_VP8(".webm", "video/webm", "rtpvp8depay wait-for-keyframe=true request-keyframe=true ! webmmux"),
    WEBM_VP9(".webm", "video/webm", "rtpvp9depay wait-for-keyframe=true request-keyframe=true ! vp9parse ! webmmux"),
    IVF(".ivf", "video/x-ivf", "rtpvp8depay wait-for-keyframe=true request-keyframe=true ! avmux_ivf");

    private final String extension;
    private final String contentType;
    private final String chain;

    TrackFormat(String extension, String contentType, String chain) {
        this.extension = extension;
        this.contentType = contentType;
        this.chain = chain;
    }

    /**
     * @param mimeType the track's codec as LiveKit reports it, e.g. {@code video/H264}
     * @throws EgressException INVALID_ARGUMENT for codecs egress4j cannot record without transcoding
     */
    public static TrackFormat of(String mimeType, String filepath) throws EgressException {
        boolean ivf = filepath.toLowerCase(Locale.ROOT).endsWith(".ivf");
        return switch (mimeType.toLowerCase(Locale.ROOT)) {
            case "audio/opus", "audio/red" -> OGG;
            case "video/h264" -> MP4;
            case "video/vp8" -> ivf ? IVF : WEBM_VP8;
            case "video/vp9" -> WEBM_VP9;
            default -> throw new EgressException(Code.INVALID_ARGUMENT, "track codec " + mimeType
                    + " cannot be recorded without transcoding");
        };
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * From RTP to the file at {@code target}. Unbuffered: filesink's default 64 KiB buffer is 16 s of an Opus track,
     * which a crash would lose.
     */
    public String fragment(Path target) {
        return chain + " ! filesink sync=false buffer-mode=unbuffered location=" + Launch.quote(target.toString());
    }
}
