package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** deploy/prometheus: the rules load in Prometheus' own checker, and fire as their unit tests expect. */
class AlertRulesTest {

    @Test
    void rulesAreValid() throws Exception {
        String output = Tool.PROMTOOL.check(Repo.path("deploy/prometheus"), "check", "rules", "egress4j-rules.yaml");
        assertTrue(output.contains("SUCCESS: 6 rules found"), output);
    }

    @Test
    void alertsFireAsTheirTestsSay() throws Exception {
        String output = Tool.PROMTOOL.check(Repo.path("deploy/prometheus"), "test", "rules",
                "egress4j-rules.test.yaml");
        assertTrue(output.contains("SUCCESS"), output);
    }
}
