package io.egress4j.source.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helper processes start from a minimal environment, not from the egress process's (this test JVM's has Maven's
 * and the shell's variables, which stand in for configuration and credentials).
 */
class ChildEnvironmentTest {

    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "DISPLAY");

    @TempDir
    Path dir;

    @Test
    void helperProcessesSeeOnlyTheBasicsAndWhatTheyAreGiven() throws Exception {
        Path log = dir.resolve("env.log");
        try (ChildProcess env = ChildProcess.start("env", List.of("env"), Map.of("DISPLAY", ":9"), log)) {
            assertTrue(env.process().waitFor(10, TimeUnit.SECONDS));
        }
        assertOnlyAllowed(Files.readString(log));
    }

    @Test
    void chromedriverAndSoChromiumSeeOnlyTheBasicsAndWhatTheyAreGiven() throws Exception {
        // The launcher script with env(1) in chromedriver's place prints what chromedriver would get.
        Path script = Browser.orphanSafeDriver("/usr/bin/env", Map.of("DISPLAY", ":9", "PULSE_SINK", "it's"), dir)
                .toPath();
        Process run = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        assertEquals(0, run.waitFor());
        assertTrue(output.contains("PULSE_SINK=it's\n"), output);
        assertOnlyAllowed(output.replace("PULSE_SINK=it's\n", ""));
    }

    private static void assertOnlyAllowed(String envOutput) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(envOutput.split("\n")).filter(line -> line.contains("="))
                .forEach(line -> names.add(line.substring(0, line.indexOf('='))));
        assertTrue(names.contains("DISPLAY"), names.toString());
        assertTrue(ALLOWED.containsAll(names), "unexpected variables: " + names);
    }
}
