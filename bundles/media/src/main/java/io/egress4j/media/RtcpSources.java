package io.egress4j.media;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import java.util.function.LongConsumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;

/**
 * Tells which remote streams send RTCP: webrtcbin's rtpbin signals an SSRC as active each time a report from it
 * arrives (about once a second per stream). For a stream we receive, those are its sender reports, the NTP-to-RTP
 * mapping rtpbin aligns streams on; a stream without them is timed by arrival alone.
 */
final class RtcpSources {

    /** {@code on-ssrc-active (GstElement *rtpbin, guint session, guint ssrc, gpointer data)}. */
    interface SsrcActive extends Callback {
        void callback(Pointer rtpbin, int session, int ssrc, Pointer data);
    }

    /** Held for as long as the peer lives: native code calls the callback through them. */
    private final Element rtpbin;
    private final SsrcActive callback;

    /** Calls {@code reported} with the SSRC (unsigned) of every RTCP report received, on GStreamer's RTCP thread. */
    RtcpSources(WebRTCBin webrtc, LongConsumer reported) {
        rtpbin = webrtc.getElementByName("rtpbin");
        if (rtpbin == null) {
            throw new IllegalStateException("webrtcbin has no rtpbin named rtpbin");
        }
        callback = new SsrcActive() {
            @Override
            public void callback(Pointer bin, int session, int ssrc, Pointer data) {
                reported.accept(Integer.toUnsignedLong(ssrc));
            }
        };
        rtpbin.connect("on-ssrc-active", SsrcActive.class, callback, callback);
    }
}
