package io.egress4j.psrpc;

import com.google.protobuf.Message;

/**
 * Serves one psrpc method. Runs on a server worker thread, once per request this server won.
 *
 * <p>Return the result message ({@code null} or {@code Empty} for methods returning {@code google.protobuf.Empty}).
 * Throw {@link RpcException} to answer with a psrpc code; any other exception answers {@code unknown} with its
 * message, as psrpc does for plain Go errors.
 */
@FunctionalInterface
public interface RpcHandler<Q extends Message> {
    Message handle(Q request, IncomingRequest info) throws Exception;
}
