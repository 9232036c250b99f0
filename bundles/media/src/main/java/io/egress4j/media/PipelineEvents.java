package io.egress4j.media;

/** What a running pipeline reports. Called on GStreamer's bus thread: keep it short. */
public interface PipelineEvents {

    /** An element posted an error; the pipeline can no longer be trusted to deliver media. */
    void error(String element, String message);

    /** Every sink received end-of-stream. */
    default void endOfStream() {
    }
}
