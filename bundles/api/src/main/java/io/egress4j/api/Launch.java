package io.egress4j.api;

/** Helpers for writing GStreamer launch fragments, which is how sources and outputs describe their elements. */
public final class Launch {

    private Launch() {
    }

    /** Quotes a property value (a path, a URL) so the launch parser takes it verbatim. */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
