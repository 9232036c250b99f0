package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricsNotFunctionsLabelsOrVariables() {
        assertEquals(Set.of("a_total", "b"), PromQl.metricNames(
                "sum by (cluster_id, type) (increase(a_total{result=\"x\", node=~\"$node\"}[$__rate_interval]))"
                        + " / on (type) group_left b > 0.1 and bool inf"));
        assertEquals(Set.of("up"), PromQl.metricNames("up{job=\"egress4j\"} == 0"));
        assertEquals(Set.of("c"), PromQl.metricNames("label_values(c{cluster_id=~\"$cluster\"}, node_id)"));
    }
}
