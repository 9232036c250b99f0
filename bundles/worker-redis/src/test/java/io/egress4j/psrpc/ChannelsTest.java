package io.egress4j.psrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Channel names against the vectors of the wire reference (A4). */
class ChannelsTest {

    @Test
    void egressChannels() {
        assertEquals("EgressInternal|StartEgress|REQ", Channels.request(MethodSpec.START_EGRESS, ""));
        assertEquals("EgressInternal|StartEgress|RCLAIM", Channels.claimResponse(MethodSpec.START_EGRESS, ""));
        assertEquals("EgressInternal|StartEgress|c1|REQ", Channels.request(MethodSpec.START_EGRESS, "c1"));
        assertEquals("EgressInternal|StartEgress|c1|RCLAIM", Channels.claimResponse(MethodSpec.START_EGRESS, "c1"));
        assertEquals("EgressInternal|CLI_abc|CLAIM", Channels.claimRequest("EgressInternal", "CLI_abc"));
        assertEquals("EgressInternal|CLI_abc|RES", Channels.response("EgressInternal", "CLI_abc"));
        assertEquals("EgressInternal|ListActiveEgress|REQ", Channels.request(MethodSpec.LIST_ACTIVE_EGRESS, ""));
        assertEquals("EgressHandler|StopEgress|EG_abc123|REQ", Channels.request(MethodSpec.STOP_EGRESS, "EG_abc123"));
        assertEquals("EgressHandler|StopEgress|EG_abc123|RCLAIM",
                Channels.claimResponse(MethodSpec.STOP_EGRESS, "EG_abc123"));
        assertEquals("EgressHandler|UpdateStream|EG_abc123|REQ",
                Channels.request(MethodSpec.UPDATE_STREAM, "EG_abc123"));
        assertEquals("IOInfo|CreateEgress|REQ", Channels.request(MethodSpec.CREATE_EGRESS, ""));
        assertEquals("IOInfo|UpdateEgress|RCLAIM", Channels.claimResponse(MethodSpec.UPDATE_EGRESS, ""));
        assertEquals("IOInfo|CLI_w|CLAIM", Channels.claimRequest("IOInfo", "CLI_w"));
        assertEquals("IOInfo|CLI_w|RES", Channels.response("IOInfo", "CLI_w"));
    }

    @Test
    void sanitizing() {
        assertEquals("usu+002deast", Channels.sanitize("us-east"));
        assertEquals("EgressInternal|StartEgress|usu+002deast|REQ", Channels.request(MethodSpec.START_EGRESS, "us-east"));
        assertEquals("a_Z09", Channels.sanitize("a_Z09"));
        assertEquals("u+002eu+007cu+0020", Channels.sanitize(".| "));
        assertEquals("u+00e9", Channels.sanitize("é"));
        assertEquals("U+0001f600", Channels.sanitize("\uD83D\uDE00"));
        assertEquals("u+fffd", Channels.sanitize("\uD83D")); // lone surrogate, like Go's broken UTF-8
    }

    @Test
    void emptyPartsAddNoDelimiter() {
        assertEquals("S|M|REQ", Channels.join("S", "M", "", "REQ"));
        assertEquals("S|M|REQ", Channels.join("S", "M", List.of(), "REQ"));
        assertEquals("S|M|a|b|REQ", Channels.join("S", "M", List.of("a", "b"), "REQ"));
        assertEquals("S|M|b|REQ", Channels.join("S", "M", List.of("", "b"), "REQ"));
        assertEquals("M|REQ", Channels.join("", "M", "REQ"));
        // psrpc quirk, kept for fidelity: an empty last segment inside a topic list leaves its delimiter
        assertEquals("S|M|a||REQ", Channels.join("S", "M", List.of("a", ""), "REQ"));
    }
}
