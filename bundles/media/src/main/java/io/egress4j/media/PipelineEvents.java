package io.egress4j.media;

import java.util.Map;

/** What a running pipeline reports. Called on GStreamer's bus thread: keep it short. */
public interface PipelineEvents {

    /** An element posted an error; the pipeline can no longer be trusted to deliver media. */
    void error(String element, String message);

    /** An element posted an application message (e.g. splitmuxsink's fragment notices); fields as text. */
    default void elementMessage(String element, String name, Map<String, String> fields) {
    }

    /** Every sink received end-of-stream. */
    default void endOfStream() {
    }
}
