package io.egress4j.core.worker;

import io.egress4j.core.config.CpuCostConfig.MemorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Memory in use, the two ways upstream's {@code memory_source} measures it: the resident set of processes
 * ({@code /proc/<pid>/status}, VmRSS), or the container's working set from its cgroup (usage minus
 * inactive file cache, v2 or v1), which counts what the kernel will charge the container for.
 */
final class MemoryUse {

    private static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup");
    private static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup/memory");

    private MemoryUse() {
    }

    /** Bytes resident in {@code process}; 0 for a process that is gone. */
    static long residentBytes(ProcessHandle process) {
        return vmRssBytes(Path.of("/proc", String.valueOf(process.pid()), "status"));
    }

    /** The container's working set, if its cgroup can be read. */
    static OptionalLong cgroupWorkingSet() {
        OptionalLong v2 = workingSet(CGROUP_V2.resolve("memory.current"), CGROUP_V2.resolve("memory.stat"),
                "inactive_file");
        return v2.isPresent() ? v2 : workingSet(CGROUP_V1.resolve("memory.usage_in_bytes"),
                CGROUP_V1.resolve("memory.stat"), "total_inactive_file");
    }

    /** What the configured {@code memory_source} says the machine's egresses use, given their summed RSS. */
    static long used(String memorySource, long summedRssBytes) {
        if (MemorySource.CGROUP.equals(memorySource)) {
            return cgroupWorkingSet().orElse(summedRssBytes);
        }
        return summedRssBytes;
    }

    static long vmRssBytes(Path status) {
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile, or is not ours to read
        }
    }

    private static OptionalLong workingSet(Path usage, Path stat, String inactiveKey) {
        try {
            long bytes = Long.parseLong(Files.readString(usage).trim());
            long inactive;
            try (Stream<String> lines = Files.lines(stat)) {
                inactive = lines.filter(line -> line.startsWith(inactiveKey + " "))
                        .mapToLong(line -> Long.parseLong(line.substring(inactiveKey.length() + 1).trim()))
                        .findFirst().orElse(0);
            }
            return OptionalLong.of(Math.max(0, bytes - inactive));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
