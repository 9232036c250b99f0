package io.egress4j.psrpc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a handler may want to know about the request besides its argument.
 *
 * @param requestId {@code REQ_…}
 * @param clientId  the caller's {@code CLI_…}
 * @param sentAt    the caller's clock when it sent the request
 * @param deadline  the request's expiry: the caller stops waiting then, so answer before
 * @param metadata  optional headers (e.g. trace context)
 */
public record IncomingRequest(String requestId, String clientId, Instant sentAt, Instant deadline,
                              Map<String, String> metadata) {

    /** Time left until the deadline (zero or negative once it passed). */
    public Duration remaining() {
        return Duration.between(Instant.now(), deadline);
    }
}
