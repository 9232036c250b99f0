package io.egress4j.core.config;

import java.time.Duration;

/**
 * Upstream reads 0 (or an empty string) in these keys as "use the default"; egress4j does too, so an upstream config
 * means the same here. Also fills the defaults that depend on other keys.
 */
final class EffectiveDefaults {

    private EffectiveDefaults() {
    }

    static void apply(EgressConfig config) {
        EgressConfig defaults = new EgressConfig();
        config.templatePort = orDefault(config.templatePort, defaults.templatePort);
        config.maxUploadQueue = orDefault(config.maxUploadQueue, defaults.maxUploadQueue);
        config.ioCreateTimeout = orDefault(config.ioCreateTimeout, defaults.ioCreateTimeout);
        config.ioUpdateTimeout = orDefault(config.ioUpdateTimeout, defaults.ioUpdateTimeout);
        config.ioWorkers = orDefault(config.ioWorkers, defaults.ioWorkers);
        config.pulseSinkReapGraceSec = orDefault(config.pulseSinkReapGraceSec, defaults.pulseSinkReapGraceSec);
        config.audioTempoController.adjustmentRate = orDefault(config.audioTempoController.adjustmentRate,
                defaults.audioTempoController.adjustmentRate);

        applyLatency(config.latency);
        config.latencyOverrides.values().forEach(EffectiveDefaults::applyLatency);
        applyCpuCost(config.cpuCost);
    }

    private static void applyLatency(EgressConfig.LatencyConfig latency) {
        EgressConfig.LatencyConfig defaults = new EgressConfig.LatencyConfig();
        latency.jitterBufferLatency = orDefault(latency.jitterBufferLatency, defaults.jitterBufferLatency);
        latency.audioMixerLatency = orDefault(latency.audioMixerLatency, defaults.audioMixerLatency);
        latency.pipelineLatency = orDefault(latency.pipelineLatency, defaults.pipelineLatency);
        latency.oldPacketThreshold = orDefault(latency.oldPacketThreshold, defaults.oldPacketThreshold);
    }

    private static void applyCpuCost(CpuCostConfig cost) {
        CpuCostConfig defaults = new CpuCostConfig();
        cost.roomCompositeCpuCost = orDefault(cost.roomCompositeCpuCost, defaults.roomCompositeCpuCost);
        cost.audioRoomCompositeCpuCost = orDefault(cost.audioRoomCompositeCpuCost, defaults.audioRoomCompositeCpuCost);
        // the Chrome-less audio room composite costs follow their general counterparts
        cost.sdkAudioRoomCompositeCpuCost =
                orDefault(cost.sdkAudioRoomCompositeCpuCost, cost.audioRoomCompositeCpuCost);
        cost.sdkAudioRoomCompositeMemoryCost = orDefault(cost.sdkAudioRoomCompositeMemoryCost, cost.memoryCost);
        cost.webCpuCost = orDefault(cost.webCpuCost, defaults.webCpuCost);
        cost.audioWebCpuCost = orDefault(cost.audioWebCpuCost, defaults.audioWebCpuCost);
        cost.participantCpuCost = orDefault(cost.participantCpuCost, defaults.participantCpuCost);
        cost.trackCompositeCpuCost = orDefault(cost.trackCompositeCpuCost, defaults.trackCompositeCpuCost);
        cost.trackCpuCost = orDefault(cost.trackCpuCost, defaults.trackCpuCost);
        cost.maxPulseClients = orDefault(cost.maxPulseClients, defaults.maxPulseClients);
        cost.cpuKillGraceSec = orDefault(cost.cpuKillGraceSec, defaults.cpuKillGraceSec);
        cost.memorySource = cost.memorySource.isEmpty() ? defaults.memorySource : cost.memorySource;
    }

    private static int orDefault(int value, int fallback) {
        return value == 0 ? fallback : value;
    }

    private static double orDefault(double value, double fallback) {
        return value == 0 ? fallback : value;
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value.isZero() ? fallback : value;
    }
}
