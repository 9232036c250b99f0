package io.egress4j.core.job;

import io.egress4j.api.EgressException;

/**
 * Why an egress stops. The first ending wins; later ones (a signal during finalisation, say) are ignored.
 *
 * @param kind   what kind of ending it is
 * @param reason the end reason reported in {@code details}
 * @param error  the failure, for {@link Kind#FAILURE} and {@link Kind#KILLED}
 */
record Ending(Kind kind, String reason, EgressException error) {

    enum Kind {
        /** Someone asked the egress to stop (signal, --duration, StopEgress). */
        STOP,
        /** The source closed by itself (END_RECORDING, room closed). */
        SOURCE_CLOSED,
        /** A session limit was reached. */
        LIMIT,
        /** Something broke. */
        FAILURE,
        /** The worker ended the egress (shutdown, CPU or memory exhausted): finalise, then fail. */
        KILLED,
        /** Another recorder took this egress's identity: finalise, store and report nothing. */
        REPLACED;

        /** Whether the egress ends FAILED (and so gets no manifest). */
        boolean fails() {
            return this == FAILURE || this == KILLED;
        }
    }

    static Ending stop(String reason) {
        return new Ending(Kind.STOP, reason, null);
    }

    static Ending sourceClosed(String reason) {
        return new Ending(Kind.SOURCE_CLOSED, reason, null);
    }

    static Ending limit() {
        return new Ending(Kind.LIMIT, "Session limit reached", null);
    }

    static Ending killed(String error) {
        return new Ending(Kind.KILLED, "Process killed", new EgressException(EgressException.Code.PERMISSION_DENIED,
                error));
    }

    static Ending replaced() {
        return new Ending(Kind.REPLACED, "Duplicate identity", null);
    }

    static Ending failure(EgressException error) {
        return new Ending(Kind.FAILURE, "Failure", error);
    }
}
