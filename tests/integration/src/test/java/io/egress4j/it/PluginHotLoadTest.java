package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle dropped into plugins/ while egress runs is started, and removing it stops it, with no restart. */
class PluginHotLoadTest {

    @TempDir
    Path dir;

    @Test
    void jarDroppedIntoPluginsIsStartedAndRemovedWhileEgressRuns() throws Exception {
        try (TestPages pages = new TestPages()) {
            EgressProcess egress = EgressProcess.start(dir, "record", "--url", pages.url("tone.html"),
                    "--output", "plugin.mp4", "--duration", "60");
            egress.awaitStderr("recording 00:00:0", 60);

            Path plugin = dir.resolve("plugins/fixture.jar");
            Path staged = dir.resolve("fixture.jar.part");
            Files.copy(Path.of(System.getProperty("fixture.plugin")), staged);
            Files.move(staged, plugin, StandardCopyOption.ATOMIC_MOVE);
            egress.awaitStderr("plugin started: io.egress4j.tests.fixture", 20);
            egress.awaitStderr("fixture storage plugin activated", 20);

            Files.delete(plugin);
            egress.awaitStderr("fixture storage plugin deactivated", 20);
            egress.awaitStderr("plugin removed: io.egress4j.tests.fixture", 20);

            new ProcessBuilder("kill", "-INT", String.valueOf(egress.pid())).start().waitFor();
            assertEquals(0, egress.waitFor(60), egress.stderrText());
        }
    }
}
