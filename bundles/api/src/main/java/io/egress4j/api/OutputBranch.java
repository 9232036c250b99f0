package io.egress4j.api;

import java.time.Instant;
import java.util.Map;

/** One output of a running egress: the elements it adds to the pipeline and the work it does once media ended. */
public interface OutputBranch {

    /**
     * A launch fragment whose first element is named {@code entryName} and accepts the encoded streams on request
     * pads (a muxer, typically). It must end in a sink.
     */
    String elements(String entryName);

    /**
     * True for outputs that take the raw video frames (before encoding) instead of the encoded streams, and no
     * audio: thumbnails, for example.
     */
    default boolean rawVideo() {
        return false;
    }

    /** The request pad of the entry element that takes {@code "video"} or {@code "audio"}; empty = any. */
    default String padFor(String mediaKind) {
        return "";
    }

    /** The wall-clock time of the pipeline's running time zero, once media flows. */
    default void clockStarted(Instant runningTimeZero) {
    }

    /** The pipeline plays; {@code controls} stay valid until {@link #finish()}. */
    default void attached(BranchControls controls) {
    }

    /** An element message posted by an element of this branch (e.g. {@code splitmuxsink-fragment-closed}). */
    default void onMessage(String element, String name, Map<String, String> fields) {
    }

    /** Called after the pipeline drained (EOS), before the artifact is stored. */
    default void finish() throws EgressException {
    }

    /**
     * What this output reports in EgressInfo, with the field names of its result message (for segments:
     * {@code playlist_name}, {@code segment_count}, ...). Empty for outputs the core reports itself.
     */
    default Map<String, String> results() {
        return Map.of();
    }
}
