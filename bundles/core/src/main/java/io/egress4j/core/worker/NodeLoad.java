package io.egress4j.core.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU use between two calls, from the first line of {@code /proc/stat}. */
final class NodeLoad {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private long lastTotal = -1;
    private long lastIdle;

    /** Share of CPU time spent busy since the previous call, 0..1; 0 on the first call or without /proc. */
    double sample() {
        try {
            return sample(Files.readAllLines(PROC_STAT).get(0));
        } catch (IOException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    /** @param cpuLine {@code cpu  user nice system idle iowait irq softirq steal ...} */
    double sample(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        double load = 0;
        if (lastTotal >= 0 && total > lastTotal) {
            load = 1 - (double) (idle - lastIdle) / (total - lastTotal);
        }
        lastTotal = total;
        lastIdle = idle;
        return Math.max(0, Math.min(1, load));
    }
}
