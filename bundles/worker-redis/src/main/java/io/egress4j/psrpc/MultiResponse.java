package io.egress4j.psrpc;

/**
 * One server's answer to a multi call: a result or an error.
 *
 * @param serverId the answering server
 * @param result   the parsed result, null on error
 * @param error    the server's error (or {@code malformed_result}), null on success
 */
public record MultiResponse<R>(String serverId, R result, RpcException error) {
    public boolean ok() {
        return error == null;
    }
}
