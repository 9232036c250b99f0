package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/egress4j.service passes {@code systemd-analyze verify} (in a root holding systemd's own units and
 * the repository's bin/egress at /opt/egress4j, where the unit expects it) and its sandboxing scores as exposed at
 * most 2.0 of 10 in {@code systemd-analyze security}.
 */
class SystemdUnitTest {

    private static final Path UNIT = Repo.path("deploy/systemd/egress4j.service");

    @TempDir
    Path root;

    @Test
    void verifies() throws Exception {
        Path unit = installInto(root, Files.readString(UNIT));
        String output = Tool.SYSTEMD_ANALYZE.check(root, "verify", "--root=" + root, unit.toString());
        assertEquals("", output.strip(), "systemd-analyze verify reported problems");
    }

    @Test
    void verifyWouldReportAMistake() throws Exception {
        Path unit = installInto(root, Files.readString(UNIT).replace("KillMode=mixed", "KillMode=mixd"));
        Tool.Result result = Tool.SYSTEMD_ANALYZE.run(root, "verify", "--root=" + root, unit.toString());
        assertTrue(result.output().contains("Failed to parse kill mode"), result.output());
    }

    @Test
    void isSandboxed() throws Exception {
        Map<String, String> service = serviceSection();
        assertEquals("yes", service.get("NoNewPrivileges"));
        assertEquals("strict", service.get("ProtectSystem"));
        assertEquals("yes", service.get("PrivateTmp"));
        assertEquals("egress4j", service.get("StateDirectory"), "recordings and work files need a writable directory");
        assertEquals("/var/lib/egress4j", service.get("WorkingDirectory"));
        // exposure is printed as 0.0-10.0 and compared as 0-100
        String output = Tool.SYSTEMD_ANALYZE.check(root, "security", "--offline=yes", "--threshold=20",
                UNIT.toString());
        assertTrue(output.contains("Overall exposure level for egress4j.service"), output);
    }

    @Test
    void drainsOnSigtermForHours() throws Exception {
        Map<String, String> service = serviceSection();
        assertEquals("SIGTERM", service.get("KillSignal"));
        // only the worker gets SIGTERM; its handlers finish their egresses and are stopped by it
        assertEquals("mixed", service.get("KillMode"));
        assertEquals("5h", service.get("TimeoutStopSec"));
        assertNotEquals(null, service.get("ExecStart"));
        assertTrue(service.get("ExecStart").startsWith("/opt/egress4j/bin/egress run "), service.get("ExecStart"));
    }

    /** The unit in {@code root}'s /etc/systemd/system, with systemd's units and the egress command beside it. */
    private static Path installInto(Path root, String unitText) throws IOException {
        copyTree(Path.of("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"));
        Path bin = Files.createDirectories(root.resolve("opt/egress4j/bin"));
        Files.copy(Repo.path("bin/egress"), bin.resolve("egress"));
        Path unit = Files.createDirectories(root.resolve("etc/systemd/system")).resolve("egress4j.service");
        return Files.writeString(unit, unitText);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static Map<String, String> serviceSection() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith("[")) {
                inService = line.equals("[Service]");
            } else if (inService && line.contains("=") && !line.startsWith("#")) {
                keys.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return keys;
    }
}
