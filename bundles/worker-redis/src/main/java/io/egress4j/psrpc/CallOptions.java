package io.egress4j.psrpc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call settings.
 *
 * @param timeout   how long the caller waits; also the request's expiry ({@code now + timeout}) on the servers
 * @param selection how to pick among bidders; null = {@link Selection#defaultFor(MethodSpec)}
 * @param metadata  headers sent in {@code Request.metadata}
 */
public record CallOptions(Duration timeout, Selection selection, Map<String, String> metadata) {

    /** psrpc's default client timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final CallOptions DEFAULT = new CallOptions(DEFAULT_TIMEOUT, null, Map.of());

    public CallOptions {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            timeout = DEFAULT_TIMEOUT;
        }
        metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
    }

    public static CallOptions timeout(Duration timeout) {
        return new CallOptions(timeout, null, Map.of());
    }

    public CallOptions withSelection(Selection value) {
        return new CallOptions(timeout, value, metadata);
    }

    public CallOptions withMetadata(Map<String, String> value) {
        return new CallOptions(timeout, selection, value);
    }
}
