package io.egress4j.media;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.lowlevel.GlibAPI;
import org.freedesktop.gstreamer.lowlevel.GstNative;
import org.freedesktop.gstreamer.lowlevel.GstPadAPI;

/**
 * Buffer probes cheap enough for every buffer of every stream. Two costs of gst1-java-core's {@code Pad.addProbe}
 * are avoided:
 * <ul>
 *   <li>its callbacks have no thread initializer, so JNA attaches GStreamer's streaming thread to the JVM and
 *       detaches it again on every call (0.9 CPU-s per 30 s on an Opus track egress); ours stay attached, as
 *       gst1-java-core's signal handlers do;</li>
 *   <li>it wraps every probed buffer in a Java object whose fields are read by reflection; a handler here gets a
 *       {@link ProbedBuffer}, which reads and writes the native buffer directly. With wrappers, retiming an Opus
 *       track cost about 0.02 cores per egress, more than the rest of its remux.</li>
 * </ul>
 */
final class BufferProbes {

    /** Sees each buffer leaving or entering a pad; its answer decides the buffer's fate (OK passes it on). */
    interface Handler {
        PadProbeReturn buffer(ProbedBuffer buffer);
    }

    /** The few GStreamer calls made here, bound to raw pointers so that no wrapper is made per buffer. */
    interface ProbeApi extends Library {
        ProbeApi API = GstNative.load("gstreamer", ProbeApi.class);

        /** Called on the streaming thread with the pad and its {@code GstPadProbeInfo}. */
        interface RawProbe extends Callback {
            PadProbeReturn callback(Pointer pad, Pointer info, Pointer userData);
        }

        NativeLong gst_pad_add_probe(Pointer pad, int mask, RawProbe callback, Pointer userData,
                                     GlibAPI.GDestroyNotify destroy);

        Pointer gst_mini_object_make_writable(Pointer object);

        NativeLong gst_buffer_get_size(Pointer buffer);
    }

    private static final System.Logger LOG = System.getLogger(BufferProbes.class.getName());
    private static final CallbackThreadInitializer KEEP_ATTACHED =
            new CallbackThreadInitializer(true, false, "gst-buffer-probe");
    /** Callbacks must live as long as the native probes that call them; GStreamer says when one is dropped. */
    private static final Set<Object> LIVE = ConcurrentHashMap.newKeySet();

    private BufferProbes() {
    }

    static void add(Pad pad, Handler handler) {
        String padName = pad.getName();
        ProbeApi.RawProbe callback = new ProbeApi.RawProbe() {
            @Override
            public PadProbeReturn callback(Pointer probed, Pointer info, Pointer userData) {
                try {
                    return handler.buffer(new ProbedBuffer(info));
                } catch (RuntimeException e) {
                    // Thrown through JNA this would read as DROP: the buffer goes on, the failure is logged.
                    LOG.log(System.Logger.Level.WARNING, "buffer probe on " + padName + " failed", e);
                    return PadProbeReturn.OK;
                }
            }
        };
        GlibAPI.GDestroyNotify release = new GlibAPI.GDestroyNotify() {
            @Override
            public void callback(Pointer userData) {
                LIVE.remove(callback);
                LIVE.remove(this);
            }
        };
        Native.setCallbackThreadInitializer(callback, KEEP_ATTACHED);
        LIVE.add(callback);
        LIVE.add(release);
        ProbeApi.API.gst_pad_add_probe(Natives.getRawPointer(pad), GstPadAPI.GST_PAD_PROBE_TYPE_BUFFER, callback,
                null, release);
    }
}
