package io.egress4j.psrpc;

import java.util.Objects;

/**
 * A failed psrpc call: a psrpc error code ({@link RpcCode}) and the error text, exactly as they travel in
 * {@code Response.code} and {@code Response.error}. {@link #getMessage()} is the text alone, as in Go.
 *
 * <p>Handlers throw it to answer with a code; clients receive it for remote errors and for the local outcomes:
 * {@code unavailable "no response from servers"} (nobody bid), {@code deadline_exceeded "request timed out"}.
 */
public class RpcException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    public RpcException(String code, String message) {
        super(message);
        this.code = code == null || code.isEmpty() ? RpcCode.UNKNOWN : code;
    }

    public RpcException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code == null || code.isEmpty() ? RpcCode.UNKNOWN : code;
    }

    /** The psrpc code, never empty. */
    public String code() {
        return code;
    }

    public boolean is(String otherCode) {
        return Objects.equals(code, otherCode);
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }

    static RpcException noResponse() {
        return new RpcException(RpcCode.UNAVAILABLE, "no response from servers");
    }

    static RpcException timedOut() {
        return new RpcException(RpcCode.DEADLINE_EXCEEDED, "request timed out");
    }
}
