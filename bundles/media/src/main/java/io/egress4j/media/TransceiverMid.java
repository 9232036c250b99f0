package io.egress4j.media;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.lowlevel.GlibAPI;

/**
 * The mid of the media section a webrtcbin pad belongs to, read from the pad's transceiver. The pad's name does not
 * tell it: webrtcbin numbers receiving pads in the order it creates them, which is not the order of the sections
 * once a renegotiation adds one. Bound by hand so that no Java wrapper ever owns the transceiver: the reference and
 * the string GLib hands out are released here (ARCHITECTURE.md, "Native objects").
 */
final class TransceiverMid {

    private interface ObjectProperties extends Library {
        ObjectProperties API = Native.load("gobject-2.0", ObjectProperties.class);

        void g_object_get(Pointer object, String property, Object... valueThenNull);

        void g_object_unref(Pointer object);
    }

    private TransceiverMid() {
    }

    /** The pad's mid, or empty when the pad has no transceiver or the transceiver no mid yet. */
    static String of(Pad pad) {
        PointerByReference transceiver = new PointerByReference();
        ObjectProperties.API.g_object_get(Natives.getRawPointer(pad), "transceiver", transceiver, null);
        if (transceiver.getValue() == null) {
            return "";
        }
        try {
            PointerByReference mid = new PointerByReference();
            ObjectProperties.API.g_object_get(transceiver.getValue(), "mid", mid, null);
            if (mid.getValue() == null) {
                return "";
            }
            try {
                return mid.getValue().getString(0, "UTF-8");
            } finally {
                GlibAPI.GLIB_API.g_free(mid.getValue());
            }
        } finally {
            ObjectProperties.API.g_object_unref(transceiver.getValue());
        }
    }
}
