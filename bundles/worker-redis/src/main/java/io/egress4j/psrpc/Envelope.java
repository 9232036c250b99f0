package io.egress4j.psrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.egress4j.protocol.psrpc.Psrpc;

/**
 * The Redis payload framing (wire reference A2): every message is an {@code internal.Msg} whose type URL names
 * the inner {@code internal.*} message. A payload that does not parse, or names another type, reads as null.
 */
final class Envelope {

    static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    private Envelope() {
    }

    static byte[] wrap(Message inner) {
        return Psrpc.Msg.newBuilder()
                .setTypeUrl(TYPE_URL_PREFIX + inner.getDescriptorForType().getFullName())
                .setValue(inner.toByteString())
                .build()
                .toByteArray();
    }

    static Psrpc.Request request(byte[] payload) {
        return unwrap(payload, Psrpc.Request.getDefaultInstance());
    }

    static Psrpc.Response response(byte[] payload) {
        return unwrap(payload, Psrpc.Response.getDefaultInstance());
    }

    static Psrpc.ClaimRequest claimRequest(byte[] payload) {
        return unwrap(payload, Psrpc.ClaimRequest.getDefaultInstance());
    }

    static Psrpc.ClaimResponse claimResponse(byte[] payload) {
        return unwrap(payload, Psrpc.ClaimResponse.getDefaultInstance());
    }

    /** The inner message if the payload is a well-formed Msg of that type; otherwise null. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T unwrap(byte[] payload, T prototype) {
        try {
            Psrpc.Msg msg = Psrpc.Msg.parseFrom(payload);
            String typeUrl = msg.getTypeUrl();
            // Go looks the type up by the part after the last '/', whatever the host part says.
            String typeName = typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
            if (!typeName.equals(prototype.getDescriptorForType().getFullName())) {
                return null;
            }
            return (T) prototype.getParserForType().parseFrom(msg.getValue());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
