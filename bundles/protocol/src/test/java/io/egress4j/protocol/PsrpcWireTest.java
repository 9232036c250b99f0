package io.egress4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.egress4j.protocol.psrpc.Psrpc;
import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.protocol.rpc.IoRpc;
import java.util.HexFormat;
import livekit.LivekitEgress;
import org.junit.jupiter.api.Test;

/** The generated envelope and payload types against the golden bytes and field numbers of the wire reference. */
class PsrpcWireTest {

    private static final HexFormat HEX = HexFormat.of();

    // Wire reference A12: full Redis payloads.
    private static final String REQUEST_PAYLOAD = "0a24747970652e676f6f676c65617069732e636f6d2f696e7465726e616c2e"
            + "52657175657374122a0a055245515f611205434c495f63188080a8b1e39fe7cb172080bce9c7ee9fe7cb1742060a0445475f31";
    private static final String CLAIM_PAYLOAD = "0a29747970652e676f6f676c65617069732e636f6d2f696e7465726e616c2e"
            + "436c61696d5265717565737412130a055245515f6112055352565f731d0000003f";

    private static Psrpc.Request sampleRequest() {
        return Psrpc.Request.newBuilder()
                .setRequestId("REQ_a")
                .setClientId("CLI_c")
                .setSentAt(1_700_000_000_000_000_000L)
                .setExpiry(1_700_000_003_000_000_000L)
                .setRawRequest(LivekitEgress.StopEgressRequest.newBuilder().setEgressId("EG_1").build().toByteString())
                .build();
    }

    @Test
    void requestEnvelopeMatchesGoldenBytes() throws Exception {
        Psrpc.Request request = sampleRequest();
        Psrpc.Msg msg = Psrpc.Msg.newBuilder()
                .setTypeUrl("type.googleapis.com/" + Psrpc.Request.getDescriptor().getFullName())
                .setValue(request.toByteString())
                .build();
        assertEquals(REQUEST_PAYLOAD, HEX.formatHex(msg.toByteArray()));
        // Any.pack gives the very same bytes: the proto package is "internal" as on the wire.
        assertEquals(REQUEST_PAYLOAD, HEX.formatHex(Any.pack(request).toByteArray()));

        Any parsed = Any.parseFrom(HEX.parseHex(REQUEST_PAYLOAD));
        assertEquals("type.googleapis.com/internal.Request", parsed.getTypeUrl());
        assertTrue(parsed.is(Psrpc.Request.class));
        Psrpc.Request back = parsed.unpack(Psrpc.Request.class);
        assertEquals(request, back);
        assertEquals("EG_1", LivekitEgress.StopEgressRequest.parseFrom(back.getRawRequest()).getEgressId());
    }

    @Test
    void claimEnvelopeMatchesGoldenBytes() throws Exception {
        Psrpc.ClaimRequest claim = Psrpc.ClaimRequest.newBuilder()
                .setRequestId("REQ_a").setServerId("SRV_s").setAffinity(0.5f).build();
        assertEquals(CLAIM_PAYLOAD, HEX.formatHex(Any.pack(claim).toByteArray()));
        Psrpc.Msg msg = Psrpc.Msg.parseFrom(HEX.parseHex(CLAIM_PAYLOAD));
        assertEquals("type.googleapis.com/internal.ClaimRequest", msg.getTypeUrl());
        assertEquals("", msg.getChannel());
        assertEquals(claim, Psrpc.ClaimRequest.parseFrom(msg.getValue()));
    }

    @Test
    void envelopeTypeNamesAreTheWireNames() {
        assertEquals("internal.Msg", Psrpc.Msg.getDescriptor().getFullName());
        assertEquals("internal.Request", Psrpc.Request.getDescriptor().getFullName());
        assertEquals("internal.Response", Psrpc.Response.getDescriptor().getFullName());
        assertEquals("internal.ClaimRequest", Psrpc.ClaimRequest.getDescriptor().getFullName());
        assertEquals("internal.ClaimResponse", Psrpc.ClaimResponse.getDescriptor().getFullName());
    }

    @Test
    void envelopeFieldNumbers() {
        assertFields(Psrpc.Msg.getDescriptor(), "type_url", 1, "value", 2, "channel", 3);
        assertFields(Psrpc.Request.getDescriptor(), "request_id", 1, "client_id", 2, "sent_at", 3, "expiry", 4,
                "multi", 5, "request", 6, "metadata", 7, "raw_request", 8);
        assertFields(Psrpc.Response.getDescriptor(), "request_id", 1, "server_id", 2, "sent_at", 3, "response", 4,
                "error", 5, "code", 6, "raw_response", 7, "error_details", 8);
        assertFields(Psrpc.ClaimRequest.getDescriptor(), "request_id", 1, "server_id", 2, "affinity", 3);
        assertFields(Psrpc.ClaimResponse.getDescriptor(), "request_id", 1, "server_id", 2);
        assertEquals(com.google.protobuf.Descriptors.FieldDescriptor.Type.FLOAT,
                Psrpc.ClaimRequest.getDescriptor().findFieldByName("affinity").getType());
    }

    @Test
    void rpcPayloadFieldNumbers() {
        assertFields(EgressRpc.StartEgressRequest.getDescriptor(), "egress_id", 1, "egress", 16, "replay", 17,
                "room_composite", 5, "web", 11, "participant", 13, "track_composite", 6, "track", 7, "room_id", 3,
                "room_name", 18, "token", 8, "ws_url", 9, "cloud_backup_enabled", 10, "estimated_cpu", 14,
                "retry_count", 15);
        assertEquals(7, EgressRpc.StartEgressRequest.getDescriptor().getOneofs().get(0).getFieldCount());
        assertFields(EgressRpc.ListActiveEgressResponse.getDescriptor(), "egress_ids", 1);
        assertFields(IoRpc.GetEgressRequest.getDescriptor(), "egress_id", 1);
        assertFields(IoRpc.UpdateMetricsRequest.getDescriptor(), "info", 1, "avg_cpu_usage", 3, "max_cpu_usage", 4);
    }

    @Test
    void startEgressRequestCarriesLivekitTypes() throws Exception {
        EgressRpc.StartEgressRequest request = EgressRpc.StartEgressRequest.newBuilder()
                .setEgressId("EG_x")
                .setRoomName("room")
                .setWeb(LivekitEgress.WebEgressRequest.newBuilder().setUrl("https://example.org"))
                .build();
        byte[] bytes = request.toByteArray();
        // field 1 (egress_id), then field 11 (web) as a length-delimited submessage
        assertEquals("0a04" + HEX.formatHex("EG_x".getBytes()), HEX.formatHex(bytes, 0, 6));
        assertEquals((byte) ((11 << 3) | 2), bytes[6]);
        EgressRpc.StartEgressRequest back = EgressRpc.StartEgressRequest.parseFrom(bytes);
        assertEquals(EgressRpc.StartEgressRequest.RequestCase.WEB, back.getRequestCase());
        assertEquals("https://example.org", back.getWeb().getUrl());
    }

    @Test
    void emptyResponseIsZeroBytes() {
        Psrpc.Response response = Psrpc.Response.newBuilder()
                .setRequestId("REQ_a").setRawResponse(Empty.getDefaultInstance().toByteString()).build();
        assertEquals(ByteString.EMPTY, response.getRawResponse());
    }

    private static void assertFields(com.google.protobuf.Descriptors.Descriptor type, Object... nameNumber) {
        assertEquals(nameNumber.length / 2, type.getFields().size(), type.getFullName() + " field count");
        for (int i = 0; i < nameNumber.length; i += 2) {
            var field = type.findFieldByName((String) nameNumber[i]);
            assertEquals(nameNumber[i + 1], field == null ? null : field.getNumber(),
                    type.getFullName() + "." + nameNumber[i]);
        }
    }
}
