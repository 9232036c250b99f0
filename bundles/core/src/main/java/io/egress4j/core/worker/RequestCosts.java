package io.egress4j.core.worker;

import io.egress4j.api.CostKey;
import io.egress4j.core.config.CpuCostConfig;
import io.egress4j.core.worker.Admission.Cost;

/** What a request costs to run, from the {@code cpu_cost} table (or the request's own estimate). */
final class RequestCosts {

    /** Every Chrome-based egress uses this many PulseAudio clients (upstream's accounting). */
    private static final int CHROME_PULSE_CLIENTS = 4;

    private RequestCosts() {
    }

    /**
     * @param key          the table entry the request's egress type names
     * @param estimatedCpu the request's own estimate, used instead of the table's CPU when above 0
     */
    static Cost of(CostKey key, double estimatedCpu, CpuCostConfig costs) {
        double cpu = switch (key) {
            case WEB -> costs.webCpuCost;
            case AUDIO_WEB -> costs.audioWebCpuCost;
            case ROOM_COMPOSITE -> costs.roomCompositeCpuCost;
            case AUDIO_ROOM_COMPOSITE -> costs.audioRoomCompositeCpuCost;
            case SDK_AUDIO_ROOM_COMPOSITE -> costs.sdkAudioRoomCompositeCpuCost > 0
                    ? costs.sdkAudioRoomCompositeCpuCost : costs.audioRoomCompositeCpuCost;
            case PARTICIPANT -> costs.participantCpuCost;
            case TRACK_COMPOSITE -> costs.trackCompositeCpuCost;
            case TRACK -> costs.trackCpuCost;
        };
        double memory = key == CostKey.SDK_AUDIO_ROOM_COMPOSITE && costs.sdkAudioRoomCompositeMemoryCost > 0
                ? costs.sdkAudioRoomCompositeMemoryCost : costs.memoryCost;
        return new Cost(estimatedCpu > 0 ? estimatedCpu : cpu, key.browser() ? CHROME_PULSE_CLIENTS : 0, memory);
    }
}
