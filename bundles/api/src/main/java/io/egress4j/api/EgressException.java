package io.egress4j.api;

/**
 * A failure reported to the egress caller. The code follows LiveKit's (psrpc) error vocabulary, so it maps onto
 * {@code EgressInfo.error_code} the way the upstream service does.
 */
public class EgressException extends Exception {

    private static final long serialVersionUID = 1L;

    /** psrpc error codes with the HTTP status LiveKit reports for them. */
    public enum Code {
        UNKNOWN(0),
        INVALID_ARGUMENT(400),
        PERMISSION_DENIED(403),
        NOT_FOUND(404),
        ALREADY_EXISTS(409),
        FAILED_PRECONDITION(412),
        INTERNAL(500),
        UNAVAILABLE(503),
        DEADLINE_EXCEEDED(503);

        private final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Code code;

    public EgressException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public EgressException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Upstream's wording for a request field that is missing or wrong. */
    public static EgressException invalidField(String field) {
        return new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: " + field);
    }

    public Code code() {
        return code;
    }
}
