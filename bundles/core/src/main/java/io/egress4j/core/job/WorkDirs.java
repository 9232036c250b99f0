package io.egress4j.core.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Egress work directories ({@code egress4j-<egressID>-...} in the temp folder): removed when the egress completes,
 * kept for a while when it did not (its logs tell why), and never removed when they hold the only copy of a
 * recording that could not be stored ({@value #RECORDING_KEPT} marks those).
 */
public final class WorkDirs {

    /** A file in a work directory whose recording is the only copy: the sweep leaves the directory alone. */
    public static final String RECORDING_KEPT = "RECORDING_KEPT";
    private static final String PREFIX = "egress4j-EG_";
    private static final System.Logger LOG = System.getLogger(WorkDirs.class.getName());

    private WorkDirs() {
    }

    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.DEBUG, "work dir " + dir + " not fully removed: " + e);
        }
    }

    /** Marks {@code dir} as holding the only copy of {@code recordings}, so that no sweep removes it. */
    static void keepRecordings(Path dir, List<Path> recordings) {
        try {
            Files.writeString(dir.resolve(RECORDING_KEPT), recordings + System.lineSeparator());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot mark " + dir + " as holding a recording: " + e.getMessage());
        }
    }

    /**
     * Removes the work directories in {@code tempRoot} last changed more than {@code retention} ago, except those
     * holding a recording that could not be stored and those of egresses still running.
     *
     * @param retention {@code work_dir_retention}; zero keeps every directory
     * @param running   the IDs of the egresses running now, whose folders may be quiet but are in use
     * @return the directories removed
     */
    public static List<Path> sweep(Path tempRoot, Duration retention, Instant now, Set<String> running) {
        if (retention.isZero() || !Files.isDirectory(tempRoot)) {
            return List.of();
        }
        Instant cutoff = now.minus(retention);
        try (Stream<Path> dirs = Files.list(tempRoot)) {
            List<Path> expired = dirs.filter(dir -> dir.getFileName().toString().startsWith(PREFIX))
                    .filter(Files::isDirectory)
                    .filter(dir -> running.stream().noneMatch(id -> dir.getFileName().toString()
                            .startsWith("egress4j-" + id + "-")))
                    .filter(dir -> !Files.exists(dir.resolve(RECORDING_KEPT)))
                    .filter(dir -> lastChanged(dir).isBefore(cutoff)).toList();
            for (Path dir : expired) {
                LOG.log(Level.INFO, "removing the work folder of a failed egress after {0}: {1}", retention, dir);
                delete(dir);
            }
            return expired;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list " + tempRoot + ": " + e.getMessage());
            return List.of();
        }
    }

    private static Instant lastChanged(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(WorkDirs::modified).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        } catch (IOException | UncheckedIOException e) {
            return Instant.now(); // unreadable now: try again at the next sweep
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }
}
