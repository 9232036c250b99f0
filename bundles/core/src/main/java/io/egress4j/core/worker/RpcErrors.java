package io.egress4j.core.worker;

import io.egress4j.api.EgressException;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;

/** Our errors in psrpc's vocabulary, so livekit-server maps them to the same Twirp errors as upstream's. */
final class RpcErrors {

    private RpcErrors() {
    }

    static RpcException of(EgressException error) {
        String code = switch (error.code()) {
            case INVALID_ARGUMENT -> RpcCode.INVALID_ARGUMENT;
            case PERMISSION_DENIED -> RpcCode.PERMISSION_DENIED;
            case NOT_FOUND -> RpcCode.NOT_FOUND;
            case ALREADY_EXISTS -> RpcCode.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> RpcCode.FAILED_PRECONDITION;
            case INTERNAL -> RpcCode.INTERNAL;
            case UNAVAILABLE -> RpcCode.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> RpcCode.DEADLINE_EXCEEDED;
            case UNKNOWN -> RpcCode.UNKNOWN;
        };
        return new RpcException(code, error.getMessage(), error);
    }
}
