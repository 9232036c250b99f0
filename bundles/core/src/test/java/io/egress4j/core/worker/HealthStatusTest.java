package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.core.config.CpuCostConfig;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    void aCostTableTheNodeCanNeverAffordIsNamed() {
        CpuCostConfig costs = new CpuCostConfig();
        List<String> warnings = RequestCosts.unaffordable(costs, 2);
        // Upstream's defaults on 2 cores (1.6 to give): web, room composite (4 cores) and participant (2) never fit.
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cpu_cost.web_cpu_cost is 4 cores, more than the 1.6 this node has"
                + " to give (2 cores x max_cpu_utilization 0.8)"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("cpu_cost.room_composite_cpu_cost is 4 cores"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("cpu_cost.participant_cpu_cost is 2 cores"), warnings.get(2));
        costs.webCpuCost = 1;
        costs.roomCompositeCpuCost = 1.5;
        costs.participantCpuCost = 1.6;
        assertEquals(List.of(), RequestCosts.unaffordable(costs, 2));
    }

    @Test
    void theStatusIsUpstreamsJsonWithTheWarnings() throws Exception {
        EgressInfo web = EgressInfo.newBuilder().setEgressId("EG_h1")
                .setWeb(WebEgressRequest.newBuilder().setUrl("https://example.com/?q=\"quoted\"")).build();
        JsonNode status = HealthServer.status(1.6, List.of(web), List.of("cpu_cost.web_cpu_cost is 4 cores"));
        assertEquals(1.6, status.path("CpuLoad").asDouble());
        assertEquals("https://example.com/?q=\"quoted\"", status.path("EG_h1").path("url").asText());
        assertEquals("cpu_cost.web_cpu_cost is 4 cores", status.path("Warnings").get(0).asText());
        assertTrue(HealthServer.status(2, List.of(), List.of()).path("Warnings").isMissingNode());
    }

    @Test
    void usageIsEachHandlersCoresAndMemory() {
        JsonNode usage = HealthServer.usage(Map.of("EG_u1", new Worker.HandlerUsage(0.12345, 734_003_200L)));
        assertEquals(0.123, usage.path("EG_u1").path("cpu").asDouble());
        assertEquals(734_003_200L, usage.path("EG_u1").path("memory_bytes").asLong());
    }
}
