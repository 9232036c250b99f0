package io.egress4j.core.worker;

import io.egress4j.core.config.CpuCostConfig;
import io.egress4j.core.worker.Admission.Cost;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import livekit.LivekitEgress.RoomCompositeEgressRequest;

/** What a request costs to run, from the {@code cpu_cost} table (or the request's own estimate). */
final class RequestCosts {

    /** Every Chrome-based egress uses this many PulseAudio clients (upstream's accounting). */
    private static final int CHROME_PULSE_CLIENTS = 4;

    private RequestCosts() {
    }

    static Cost of(StartEgressRequest request, CpuCostConfig costs) {
        double memory = costs.memoryCost;
        Cost table = switch (request.getRequestCase()) {
            case WEB -> new Cost(request.getWeb().getAudioOnly() ? costs.audioWebCpuCost : costs.webCpuCost,
                    CHROME_PULSE_CLIENTS, memory);
            case ROOM_COMPOSITE -> roomComposite(request.getRoomComposite(), costs);
            case PARTICIPANT -> new Cost(costs.participantCpuCost, 0, memory);
            case TRACK_COMPOSITE -> new Cost(costs.trackCompositeCpuCost, 0, memory);
            case TRACK -> new Cost(costs.trackCpuCost, 0, memory);
            default -> new Cost(costs.roomCompositeCpuCost, CHROME_PULSE_CLIENTS, memory);
        };
        return request.getEstimatedCpu() > 0
                ? new Cost(request.getEstimatedCpu(), table.pulseClients(), table.memoryGb()) : table;
    }

    private static Cost roomComposite(RoomCompositeEgressRequest request, CpuCostConfig costs) {
        boolean sdkAudio = request.getAudioOnly() && request.getLayout().isEmpty()
                && request.getCustomBaseUrl().isEmpty();
        if (sdkAudio) {
            double cost = costs.sdkAudioRoomCompositeCpuCost > 0 ? costs.sdkAudioRoomCompositeCpuCost
                    : costs.audioRoomCompositeCpuCost;
            double memory = costs.sdkAudioRoomCompositeMemoryCost > 0 ? costs.sdkAudioRoomCompositeMemoryCost
                    : costs.memoryCost;
            return new Cost(cost, 0, memory);
        }
        return new Cost(request.getAudioOnly() ? costs.audioRoomCompositeCpuCost : costs.roomCompositeCpuCost,
                CHROME_PULSE_CLIENTS, costs.memoryCost);
    }
}
