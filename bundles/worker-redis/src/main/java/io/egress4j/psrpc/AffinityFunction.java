package io.egress4j.psrpc;

import com.google.protobuf.Message;

/**
 * The bid a server places for a request of a claim method. Higher is better; a negative value means "do not bid"
 * (the server stays silent). Without a function a server bids 1.
 */
@FunctionalInterface
public interface AffinityFunction<Q extends Message> {
    float affinity(Q request);
}
