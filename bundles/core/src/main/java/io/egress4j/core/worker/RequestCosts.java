package io.egress4j.core.worker;

import io.egress4j.api.CostKey;
import io.egress4j.core.config.CpuCostConfig;
import io.egress4j.core.worker.Admission.Cost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        double memory = key == CostKey.SDK_AUDIO_ROOM_COMPOSITE && costs.sdkAudioRoomCompositeMemoryCost > 0
                ? costs.sdkAudioRoomCompositeMemoryCost : costs.memoryCost;
        return new Cost(estimatedCpu > 0 ? estimatedCpu : tableCpu(key, costs), key.browser() ? CHROME_PULSE_CLIENTS
                : 0, memory);
    }

    /**
     * What the configuration says requests priced by {@code key} cost, in cores, and which key says so, for the
     * requests this node can never take: {@code cpu_cost.web_cpu_cost is 4, but ...}.
     */
    static List<String> unaffordable(CpuCostConfig costs, int cores) {
        double capacity = cores * costs.maxCpuUtilization;
        List<String> warnings = new ArrayList<>();
        for (CostKey key : CostKey.values()) {
            double cpu = tableCpu(key, costs);
            if (cpu > capacity) {
                warnings.add(String.format(Locale.ROOT, "cpu_cost.%s is %s cores, more than the %s this node has to"
                        + " give (%d cores x max_cpu_utilization %s): it never takes such requests unless they bring"
                        + " their own estimate; lower cpu_cost.%s or give the node more cores", configKey(key),
                        number(cpu), number(capacity), cores, number(costs.maxCpuUtilization), configKey(key)));
            }
        }
        return warnings;
    }

    /** The {@code cpu_cost} key that prices {@code key}'s requests. */
    static String configKey(CostKey key) {
        return key.name().toLowerCase(Locale.ROOT) + "_cpu_cost";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static double tableCpu(CostKey key, CpuCostConfig costs) {
        return switch (key) {
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
    }
}
