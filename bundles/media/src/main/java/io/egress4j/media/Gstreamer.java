package io.egress4j.media;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * Initialises GStreamer once per JVM. It is never de-initialised: gst_deinit cannot be undone, and a bundle update
 * that re-initialises after it leaves GStreamer without its plugin registry.
 */
final class Gstreamer {

    private Gstreamer() {
    }

    static synchronized void ensureInitialized() {
        if (Gst.isInitialized()) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // gst1-java-core looks up its type providers through the context class loader.
        thread.setContextClassLoader(Gstreamer.class.getClassLoader());
        try {
            // GStreamer would put its own SIGSEGV handler in place while it loads a plugin. The JVM relies on
            // SIGSEGV for null checks and safepoints in compiled code, so any Java thread could be killed then.
            Gst.setSegTrap(false);
            Gst.init(Version.of(1, 16), "egress4j");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
