package io.egress4j.api;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One output of a running egress: the elements it adds to the pipeline and the work it does once media ended.
 * Outputs that report results open a {@link SegmentsBranch} or an {@link ImagesBranch}; stream outputs a
 * {@link StreamBranch}.
 */
@ConsumerType
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

    /**
     * An element message posted by an element of this branch (e.g. {@code splitmuxsink-fragment-closed}). The
     * fields are the message's GStreamer structure as text, passed through as they are: which fields exist is up to
     * the element the output chose, not to this contract.
     */
    default void onMessage(String element, String name, Map<String, String> fields) {
    }

    /**
     * Called after the pipeline drained (EOS) and the jobs the output queued ({@link ArtifactSink#enqueue}) ran,
     * before the artifact is stored.
     */
    default void finish() throws EgressException {
    }
}
