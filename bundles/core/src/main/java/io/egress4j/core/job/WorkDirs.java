package io.egress4j.core.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes an egress work directory once nothing in it is needed any more. */
public final class WorkDirs {

    private WorkDirs() {
    }

    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(WorkDirs.class.getName()).log(System.Logger.Level.DEBUG,
                    "work dir " + dir + " not fully removed: " + e);
        }
    }
}
