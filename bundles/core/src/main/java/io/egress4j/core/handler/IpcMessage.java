package io.egress4j.core.handler;

import java.nio.charset.StandardCharsets;

/**
 * One message between the worker and a handler process. Payloads are protobuf bytes (EgressInfo, UpdateStream) or
 * UTF-8 text (reasons, errors).
 */
record IpcMessage(Type type, byte[] payload) {

    enum Type {
        /** handler → worker: the handler is up and waits for its job. */
        READY,
        /** worker → handler, after READY: the StartEgressRequest to run, secrets included (protobuf). */
        REQUEST,
        /** worker → handler, after REQUEST: the STARTING EgressInfo the worker reported, redacted (protobuf). */
        STARTING,
        /** handler → worker: a new EgressInfo (protobuf). */
        INFO,
        /** handler → worker: every series of the handler's metrics now (JSON, a list of MetricSample). */
        METRICS,
        /** handler → worker: the terminal EgressInfo (protobuf); the handler exits after it. */
        FINISHED,
        /**
         * handler → worker, instead of FINISHED: another recorder took the egress's identity, so nothing more is
         * reported for it (upstream's silent exit); the handler exits after it.
         */
        REPLACED,
        /** worker → handler: stop gracefully with this end reason (UTF-8). */
        STOP,
        /** worker → handler: stop, finalise, and fail with this error (UTF-8), e.g. on worker shutdown. */
        KILL,
        /** worker → handler: add and remove stream URLs (UpdateStreamRequest, protobuf). */
        UPDATE_STREAM,
        /** handler → worker: the answer to UPDATE_STREAM, the EgressInfo after the change (protobuf). */
        STREAM_UPDATED,
        /** handler → worker: the answer to UPDATE_STREAM when it failed: {@code <code name>:<message>} (UTF-8). */
        STREAM_UPDATE_FAILED
    }

    static IpcMessage of(Type type) {
        return new IpcMessage(type, new byte[0]);
    }

    static IpcMessage text(Type type, String text) {
        return new IpcMessage(type, text.getBytes(StandardCharsets.UTF_8));
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
