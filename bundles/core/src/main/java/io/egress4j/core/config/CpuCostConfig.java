package io.egress4j.core.config;

/**
 * {@code cpu_cost}: admission control. A request is accepted when its cost (in CPU cores, and GB of memory when
 * {@link #maxMemory} is set) fits in what is left. A cost of 0 means the default.
 */
public class CpuCostConfig {
    /** Fraction of all cores that egresses may use, in (0, 1]. */
    public double maxCpuUtilization = 0.8;
    /** GB of memory egresses may use; 0 = unlimited. */
    public double maxMemory = 0;
    /** GB reserved per egress. */
    public double memoryCost = 0;
    public double roomCompositeCpuCost = 4;
    public double audioRoomCompositeCpuCost = 1;
    /** Audio-only room composite without a web layout (no Chrome); 0 = audio_room_composite_cpu_cost. */
    public double sdkAudioRoomCompositeCpuCost = 0;
    /** GB; 0 = memory_cost. */
    public double sdkAudioRoomCompositeMemoryCost = 0;
    public double webCpuCost = 4;
    public double audioWebCpuCost = 1;
    public double participantCpuCost = 2;
    public double trackCompositeCpuCost = 1;
    public double trackCpuCost = 0.5;
    /** PulseAudio clients allowed before new Chrome egresses are refused. */
    public int maxPulseClients = 60;
    /** proc_rss (sum of process RSS) or cgroup (container working set). */
    public String memorySource = MemorySource.PROC_RSS;
    /** Monitor cycles memory may stay over the limit before egresses are killed; 0 = at once. */
    public int memoryKillGraceSec = 0;
    /** Seconds a CPU-starved egress gets to drain before it is killed. */
    public int cpuKillGraceSec = 30;

    /** Values of {@link #memorySource}. */
    public static final class MemorySource {
        public static final String PROC_RSS = "proc_rss";
        public static final String CGROUP = "cgroup";

        private MemorySource() {
        }
    }
}
