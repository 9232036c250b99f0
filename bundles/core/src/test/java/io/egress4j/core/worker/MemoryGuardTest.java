package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryGuardTest {

    private static final Map<String, Double> EGRESSES = Map.of("EG_small", 0.5, "EG_large", 3.0);

    @TempDir
    Path dir;

    @Test
    void killsTheLargestEgressOnceMemoryStaysOverTheLimitPastTheGrace() {
        MemoryGuard guard = new MemoryGuard(4, 2);
        assertEquals(Optional.empty(), guard.tick(5, EGRESSES));
        assertEquals(Optional.empty(), guard.tick(5, EGRESSES));
        assertEquals(Optional.of("EG_large"), guard.tick(5, EGRESSES), "the third tick over is past 2 of grace");
    }

    @Test
    void aTickUnderTheLimitStartsTheGraceAgain() {
        MemoryGuard guard = new MemoryGuard(4, 1);
        assertEquals(Optional.empty(), guard.tick(5, EGRESSES));
        assertEquals(Optional.empty(), guard.tick(3, EGRESSES));
        assertEquals(Optional.empty(), guard.tick(5, EGRESSES));
        assertEquals(Optional.of("EG_large"), guard.tick(5, EGRESSES));
    }

    @Test
    void withoutGraceAtOnceAndWithoutMaxMemoryNever() {
        assertEquals(Optional.of("EG_large"), new MemoryGuard(4, 0).tick(4.1, EGRESSES));
        assertEquals(Optional.empty(), new MemoryGuard(0, 0).tick(1000, EGRESSES));
    }

    @Test
    void readsTheResidentSetOfAProcess() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t  900 kB\nVmRSS:\t  2048 kB\n");
        assertEquals(2048 * 1024, MemoryUse.vmRssBytes(status));
        assertEquals(0, MemoryUse.vmRssBytes(dir.resolve("gone")), "a process that ended counts nothing");
        assertTrue(MemoryUse.residentBytes(ProcessHandle.current()) > 10 * 1024 * 1024,
                "this JVM, read from /proc");
    }
}
