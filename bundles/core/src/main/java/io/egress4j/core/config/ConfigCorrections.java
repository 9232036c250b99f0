package io.egress4j.core.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * What upstream accepts and quietly corrects, corrected here too, each with a warning naming the key: a config that
 * starts an upstream worker starts egress4j. Keys upstream's README documents but its code never reads are ignored
 * the same way. Anything else wrong stays an error ({@link ConfigValidator}).
 */
final class ConfigCorrections {

    /** Keys upstream's README documents but its code ignores, with where the setting really lives. */
    private static final Map<String, String> STALE_KEYS = Map.of(
            "log_level", "the log level is logging.level",
            "backup_storage", "the backup storage section is backup");

    private final List<String> warnings = new ArrayList<>();

    private ConfigCorrections() {
    }

    /** Corrects {@code config} in place; returns a warning for each correction. */
    static List<String> apply(EgressConfig config) {
        ConfigCorrections corrections = new ConfigCorrections();
        corrections.dropStaleKeys(config.operatorSettings());
        corrections.correctCpuCost(config.cpuCost);
        if (config.ioWorkers < 0) {
            corrections.corrected("io_workers", config.ioWorkers, new EgressConfig().ioWorkers);
            config.ioWorkers = new EgressConfig().ioWorkers;
        }
        return corrections.warnings;
    }

    private void dropStaleKeys(Map<String, String> topLevel) {
        STALE_KEYS.forEach((key, whereItLives) -> {
            if (topLevel.remove(key) != null) {
                warnings.add(key + " is ignored, as upstream ignores it: " + whereItLives);
            }
        });
    }

    private void correctCpuCost(CpuCostConfig cost) {
        CpuCostConfig defaults = new CpuCostConfig();
        if (cost.maxCpuUtilization <= 0 || cost.maxCpuUtilization > 1) {
            warnings.add("cpu_cost.max_cpu_utilization " + number(cost.maxCpuUtilization) + " is outside (0, 1]; "
                    + "using " + number(defaults.maxCpuUtilization) + ", as upstream does");
            cost.maxCpuUtilization = defaults.maxCpuUtilization;
        }
        // Upstream takes any cost <= 0 as "the default"; 0 already is (EffectiveDefaults), a negative one is said.
        positive("room_composite_cpu_cost", cost.roomCompositeCpuCost, defaults.roomCompositeCpuCost,
                value -> cost.roomCompositeCpuCost = value);
        positive("audio_room_composite_cpu_cost", cost.audioRoomCompositeCpuCost, defaults.audioRoomCompositeCpuCost,
                value -> cost.audioRoomCompositeCpuCost = value);
        positive("sdk_audio_room_composite_cpu_cost", cost.sdkAudioRoomCompositeCpuCost, 0,
                value -> cost.sdkAudioRoomCompositeCpuCost = value);
        positive("sdk_audio_room_composite_memory_cost", cost.sdkAudioRoomCompositeMemoryCost, 0,
                value -> cost.sdkAudioRoomCompositeMemoryCost = value);
        positive("web_cpu_cost", cost.webCpuCost, defaults.webCpuCost, value -> cost.webCpuCost = value);
        positive("audio_web_cpu_cost", cost.audioWebCpuCost, defaults.audioWebCpuCost,
                value -> cost.audioWebCpuCost = value);
        positive("participant_cpu_cost", cost.participantCpuCost, defaults.participantCpuCost,
                value -> cost.participantCpuCost = value);
        positive("track_composite_cpu_cost", cost.trackCompositeCpuCost, defaults.trackCompositeCpuCost,
                value -> cost.trackCompositeCpuCost = value);
        positive("track_cpu_cost", cost.trackCpuCost, defaults.trackCpuCost, value -> cost.trackCpuCost = value);
        positive("cpu_kill_grace_sec", cost.cpuKillGraceSec, defaults.cpuKillGraceSec,
                value -> cost.cpuKillGraceSec = (int) value);
        List<String> memorySources = List.of(CpuCostConfig.MemorySource.PROC_RSS, CpuCostConfig.MemorySource.CGROUP);
        if (!memorySources.contains(cost.memorySource) && !cost.memorySource.isEmpty()) {
            warnings.add("cpu_cost.memory_source \"" + cost.memorySource + "\" is unknown; using "
                    + CpuCostConfig.MemorySource.PROC_RSS + ", as upstream does");
            cost.memorySource = CpuCostConfig.MemorySource.PROC_RSS;
        }
    }

    private void positive(String key, double value, double fallback, DoubleConsumer set) {
        if (value < 0) {
            corrected("cpu_cost." + key, value, fallback);
            set.accept(fallback);
        }
    }

    private void corrected(String key, double value, double fallback) {
        warnings.add(key + " " + number(value) + " is negative; using " + (fallback == 0 ? "its default"
                : number(fallback)) + ", as upstream does");
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
