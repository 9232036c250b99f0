package io.egress4j.api;

/** One output of a running egress: the elements it adds to the pipeline and the work it does once media ended. */
public interface OutputBranch {

    /**
     * A launch fragment whose first element is named {@code entryName} and accepts the encoded streams on request
     * pads (a muxer, typically). It must end in a sink.
     */
    String elements(String entryName);

    /** Called after the pipeline drained (EOS), before the artifact is stored. */
    default void finish() throws EgressException {
    }
}
