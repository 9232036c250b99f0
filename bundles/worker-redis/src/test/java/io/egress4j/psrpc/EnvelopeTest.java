package io.egress4j.psrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.Any;
import io.egress4j.protocol.psrpc.Psrpc;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import livekit.LivekitEgress;
import org.junit.jupiter.api.Test;

/** The Redis payload framing against the golden bytes of the wire reference (A12). */
class EnvelopeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String REQUEST_PAYLOAD = "0a24747970652e676f6f676c65617069732e636f6d2f696e7465726e616c2e"
            + "52657175657374122a0a055245515f611205434c495f63188080a8b1e39fe7cb172080bce9c7ee9fe7cb1742060a0445475f31";
    private static final String CLAIM_PAYLOAD = "0a29747970652e676f6f676c65617069732e636f6d2f696e7465726e616c2e"
            + "436c61696d5265717565737412130a055245515f6112055352565f731d0000003f";

    @Test
    void wrapsToGoldenBytes() {
        Psrpc.Request request = Psrpc.Request.newBuilder()
                .setRequestId("REQ_a").setClientId("CLI_c")
                .setSentAt(1_700_000_000_000_000_000L).setExpiry(1_700_000_003_000_000_000L)
                .setRawRequest(LivekitEgress.StopEgressRequest.newBuilder().setEgressId("EG_1").build().toByteString())
                .build();
        assertEquals(REQUEST_PAYLOAD, HEX.formatHex(Envelope.wrap(request)));
        Psrpc.ClaimRequest claim = Psrpc.ClaimRequest.newBuilder()
                .setRequestId("REQ_a").setServerId("SRV_s").setAffinity(0.5f).build();
        assertEquals(CLAIM_PAYLOAD, HEX.formatHex(Envelope.wrap(claim)));
    }

    @Test
    void unwrapsGoldenBytes() {
        Psrpc.Request request = Envelope.request(HEX.parseHex(REQUEST_PAYLOAD));
        assertEquals("REQ_a", request.getRequestId());
        assertEquals("CLI_c", request.getClientId());
        assertEquals(1_700_000_003_000_000_000L, request.getExpiry());
        Psrpc.ClaimRequest claim = Envelope.claimRequest(HEX.parseHex(CLAIM_PAYLOAD));
        assertEquals(0.5f, claim.getAffinity());
        assertEquals("SRV_s", claim.getServerId());
    }

    @Test
    void otherTypesAndGarbageReadAsNull() {
        assertNull(Envelope.response(HEX.parseHex(REQUEST_PAYLOAD)));
        assertNull(Envelope.claimResponse(HEX.parseHex(CLAIM_PAYLOAD)));
        assertNull(Envelope.request("not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
        assertNull(Envelope.request(new byte[] {0x0a, (byte) 0xff}));
    }

    @Test
    void hostPartOfTheTypeUrlIsIgnoredLikeGo() {
        Psrpc.ClaimResponse choice = Psrpc.ClaimResponse.newBuilder().setRequestId("REQ_x").setServerId("SRV_y")
                .build();
        byte[] payload = Any.pack(choice, "example.org/prefix").toByteArray();
        assertEquals(choice, Envelope.claimResponse(payload));
    }

    @Test
    void queueLockKeyIsBase64OfSha256() {
        // SHA-256("abc") = ba7816bf...15ad
        assertEquals("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
                RpcServer.lockKey("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
