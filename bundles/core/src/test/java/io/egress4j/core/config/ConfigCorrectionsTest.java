package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs upstream accepts start here too: what it corrects is corrected the same way, and said. */
class ConfigCorrectionsTest {

    @Test
    void keysUpstreamDocumentsButIgnoresLoadWithAWarning() throws Exception {
        EgressConfig config = ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, """
                log_level: debug
                backup_storage:
                  s3: {bucket: b}
                """));
        assertEquals(Map.of(), config.operatorSettings());
        assertEquals("info", config.logging.level);
    }

    @Test
    void valuesUpstreamCorrectsAreCorrectedTheSameWay() {
        EgressConfig config = new EgressConfig();
        config.cpuCost.maxCpuUtilization = 1.5;
        config.cpuCost.webCpuCost = -2;
        config.cpuCost.memorySource = "rss";
        config.ioWorkers = -1;
        config.operatorSettings().put("log_level", "debug");

        List<String> warnings = ConfigCorrections.apply(config);

        assertEquals(0.8, config.cpuCost.maxCpuUtilization);
        assertEquals(4, config.cpuCost.webCpuCost);
        assertEquals("proc_rss", config.cpuCost.memorySource);
        assertEquals(5, config.ioWorkers);
        assertEquals(List.of(
                "log_level is ignored, as upstream ignores it: the log level is logging.level",
                "cpu_cost.max_cpu_utilization 1.5 is outside (0, 1]; using 0.8, as upstream does",
                "cpu_cost.web_cpu_cost -2 is negative; using 4, as upstream does",
                "cpu_cost.memory_source \"rss\" is unknown; using proc_rss, as upstream does",
                "io_workers -1 is negative; using 5, as upstream does"), warnings);
    }
}
