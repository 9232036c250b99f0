package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/egress --build-class-archive} writes the class-data archive that later starts of egress map (on a copy
 * of the distribution); once the launcher's jars are newer than the archive, egress starts without it, with no JVM
 * warning about it.
 */
class ClassArchiveTest {

    private static final Pattern FROM_ARCHIVE = Pattern.compile("source: shared objects file \\(top\\)");

    @TempDir
    Path dir;

    @Test
    void theArchiveIsBuiltThenUsedUntilTheLauncherChanges() throws Exception {
        Path home = distributionCopy();
        EgressProcess build = EgressProcess.start(dir, home, "--build-class-archive");
        assertEquals(0, build.waitFor(180), build.stderrText());
        Path archive = home.resolve("lib/egress4j.jsa");
        assertTrue(Files.size(archive) > 1_000_000, "archive of " + Files.size(archive) + " bytes");

        assertTrue(classesFromArchive(home, "used") > 0, "no class was read from " + archive);

        Path launcher = home.resolve("lib/egress4j-launcher.jar");
        Files.setLastModifiedTime(launcher, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(0, classesFromArchive(home, "stale"), "a stale archive was used");
    }

    /** Runs {@code egress version} and counts the classes its JVM took from the archive. */
    private long classesFromArchive(Path home, String run) throws Exception {
        Path work = Files.createDirectories(dir.resolve(run));
        Path classLog = work.resolve("classes.log");
        EgressProcess version = EgressProcess.start(work, home,
                Map.of("EGRESS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "version");
        assertEquals(0, version.waitFor(60), version.stderrText());
        assertTrue(Pattern.matches("egress4j \\S+\n", version.stdoutText()),
                "stdout is only the version: " + version.stdoutText());
        assertFalse(version.stderrText().contains("archive"), "JVM warning: " + version.stderrText());
        return FROM_ARCHIVE.matcher(Files.readString(classLog)).results().count();
    }

    /** The distribution's launcher jars copied (the archive is written next to them), its bundles shared. */
    private Path distributionCopy() throws Exception {
        Path dist = Path.of(System.getProperty("egress.home"));
        Path home = Files.createDirectories(dir.resolve("egress"));
        Files.createDirectories(home.resolve("lib"));
        try (var jars = Files.list(dist.resolve("lib"))) {
            for (Path jar : jars.filter(f -> f.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
            }
        }
        Files.createSymbolicLink(home.resolve("bundles"), dist.resolve("bundles"));
        return home;
    }
}
