package io.egress4j.api;

import java.time.Instant;

/**
 * One live destination of a {@link StreamBranch}.
 *
 * @param url         the destination as requested (the core redacts it before it is shown anywhere)
 * @param status      where the destination stands
 * @param startedAt   when the peer accepted the stream; null until then
 * @param endedAt     when it ended; null while it runs
 * @param error       why it failed; null unless FAILED
 * @param retries     reconnections attempted after the peer went away
 * @param lastRetryAt when the last reconnection was attempted; null if none
 */
public record StreamState(String url, Status status, Instant startedAt, Instant endedAt, String error, int retries,
                          Instant lastRetryAt) {

    /** Upstream's StreamInfo statuses. */
    public enum Status { ACTIVE, FINISHED, FAILED }

    public boolean ended() {
        return status != Status.ACTIVE;
    }
}
