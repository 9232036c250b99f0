package io.egress4j.media;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.gstreamer.Promise;
import org.freedesktop.gstreamer.PromiseResult;
import org.freedesktop.gstreamer.SDPMessage;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.lowlevel.GlibAPI;
import org.freedesktop.gstreamer.lowlevel.GstNative;
import org.freedesktop.gstreamer.lowlevel.GstWebRTCSessionDescriptionAPI;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;
import org.freedesktop.gstreamer.webrtc.WebRTCSessionDescription;

/**
 * webrtcbin's session descriptions, with every native object owned by exactly one party at every moment.
 *
 * <p>gst1-java-core gets three ownerships wrong here, and each one crashed processes under load, whenever the
 * collector ran inside a window of a few microseconds: {@code new WebRTCSessionDescription(type, message)} takes the
 * message natively while its Java wrapper still frees it; a description read from a promise reply is wrapped as
 * owned but belongs to the reply, which dies with the promise; and {@code WebRTCBin.setLocalDescription} disowns
 * a description that webrtcbin only copies, so it leaks. Here: ownership that moved is followed by
 * {@code invalidate()}, a borrowed value is copied while its owner is provably alive, and whatever we own is
 * disposed in a defined order, never by the collector. ARCHITECTURE.md ("Native objects") has the rules.
 */
final class SessionDescriptions {

    /**
     * Runs after each step that leaves a native object in Java's hands. Tests set it to force a collection there,
     * which turns any ownership mistake in these steps into a crash on the first try instead of a rare one.
     */
    static volatile Runnable afterStep = () -> { };

    /** {@code gst_sdp_message_as_text}, bound to return the string's pointer so that we can free it. */
    private interface SdpText extends Library {
        SdpText API = GstNative.load("gstsdp", SdpText.class);

        Pointer gst_sdp_message_as_text(SDPMessage message);
    }

    private static final long REPLY_TIMEOUT_SECONDS = 10;
    /** Threads that wait on promises for callers that must not wait forever. */
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "webrtc-promise");
        thread.setDaemon(true);
        return thread;
    });

    private SessionDescriptions() {
    }

    /** A description we own, parsed from SDP text. */
    static WebRTCSessionDescription parse(WebRTCSDPType type, String sdp) {
        SDPMessage message = new SDPMessage();
        message.parseBuffer(sdp);
        WebRTCSessionDescription description = new WebRTCSessionDescription(type, message);
        message.invalidate(); // the description took the message over (transfer full)
        afterStep.run();
        return description;
    }

    /**
     * Emits {@code signal} ({@code create-offer} or {@code create-answer}) and returns an owned copy of the
     * description in the reply's {@code field}. The reply and the description in it belong to the promise, which
     * stays reachable until the copy exists.
     */
    static WebRTCSessionDescription create(WebRTCBin webrtc, String signal, String field) throws EgressException {
        Promise promise = new Promise();
        try {
            webrtc.emit(signal, null, promise);
            Structure reply = await(promise, field) == PromiseResult.REPLIED ? promise.getReply() : null;
            if (reply == null) {
                throw new EgressException(Code.INTERNAL, "webrtcbin produced no " + field);
            }
            WebRTCSessionDescription copy = copyOf(reply, field);
            reply.invalidate();
            afterStep.run();
            return copy;
        } finally {
            promise.dispose();
        }
    }

    /**
     * Waits for webrtcbin to answer {@code promise}, at most {@value #REPLY_TIMEOUT_SECONDS} s: a webrtcbin that
     * never replies (its thread stuck in a callback, say) must not hang the egress. GStreamer's wait has no timeout,
     * so it runs on a waiter thread and an overdue promise is interrupted, which ends that wait.
     */
    private static PromiseResult await(Promise promise, String field) throws EgressException {
        CompletableFuture<PromiseResult> result = CompletableFuture.supplyAsync(promise::waitResult, WAITERS);
        try {
            return result.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            promise.interrupt();
            result.join();
            throw new EgressException(Code.INTERNAL, "webrtcbin produced no " + field + " within "
                    + REPLY_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            promise.interrupt();
            result.join();
            throw new EgressException(Code.INTERNAL, "interrupted while webrtcbin made the " + field);
        } catch (ExecutionException e) {
            throw new EgressException(Code.INTERNAL, "webrtcbin produced no " + field + ": " + e.getCause(), e);
        }
    }

    private static WebRTCSessionDescription copyOf(Structure reply, String field) throws EgressException {
        Object value;
        try {
            value = reply.getValue(field);
        } catch (RuntimeException e) {
            value = null;
        }
        if (!(value instanceof WebRTCSessionDescription borrowed)) {
            // Usually an "error" field saying why (e.g. no remote description yet).
            throw new EgressException(Code.INTERNAL, "webrtcbin produced no " + field + ": " + reply);
        }
        Pointer copy = GstWebRTCSessionDescriptionAPI.GSTWEBRTCSESSIONDESCRIPTION_API
                .ptr_gst_webrtc_session_description_copy(borrowed);
        borrowed.invalidate(); // wrapped as if owned, but the reply owns it
        return Natives.objectFor(copy, WebRTCSessionDescription.class, false, true);
    }

    /**
     * Emits {@code set-local-description} or {@code set-remote-description} and disposes {@code description}:
     * webrtcbin copies its argument before the emit returns. No promise is awaited: webrtcbin applies descriptions
     * on its own thread, after any ICE candidate callback queued before, and such a callback may be waiting for the
     * lock our caller holds.
     */
    static void apply(WebRTCBin webrtc, String signal, WebRTCSessionDescription description) {
        try {
            webrtc.emit(signal, description, null);
            afterStep.run();
        } finally {
            description.dispose();
        }
    }

    /** The description's SDP as text; the description stays ours. */
    static String text(WebRTCSessionDescription description) {
        SDPMessage message = description.getSDPMessage(); // an owned copy
        try {
            Pointer text = SdpText.API.gst_sdp_message_as_text(message);
            try {
                return text.getString(0, "US-ASCII");
            } finally {
                GlibAPI.GLIB_API.g_free(text);
            }
        } finally {
            message.dispose();
        }
    }
}
