package io.egress4j.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalStorageTest {

    @TempDir
    Path dir;

    @Test
    void resolvesRelativePathsUnderTheRoot() throws Exception {
        Path root = dir.resolve("rec");
        assertEquals(root.resolve("a/b.mp4"), LocalStorage.confine(root, "a/b.mp4"));
        assertTrue(Files.isDirectory(root), "the root is created on first use");
    }

    @Test
    void acceptsAbsolutePathsInsideTheRoot() throws Exception {
        Path root = dir.resolve("rec");
        assertEquals(root.resolve("x.mp4"), LocalStorage.confine(root, root.resolve("x.mp4").toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.mp4", "a/../../x.mp4", "/etc/passwd", "..", "", "."})
    void rejectsPathsThatLeaveTheRoot(String path) {
        Path root = dir.resolve("rec");
        EgressException e = assertThrows(EgressException.class, () -> LocalStorage.confine(root, path));
        assertTrue(e.getMessage().startsWith("request has missing or invalid field: filepath"), e.getMessage());
        assertTrue(e.getMessage().contains("outside the local storage root"), e.getMessage());
    }

    @Test
    void rejectsSymlinksThatLeadOutOfTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("rec"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThrows(EgressException.class, () -> LocalStorage.confine(root, "link/x.mp4"));
    }

    @Test
    void rejectsASymlinkInTheFilesOwnPlace() throws Exception {
        Path root = Files.createDirectories(dir.resolve("rec"));
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(root.resolve("out.mp4"), victim);
        EgressException refused = assertThrows(EgressException.class, () -> LocalStorage.confine(root, "out.mp4"));
        assertEquals("request has missing or invalid field: filepath (\"out.mp4\" is a symbolic link)",
                refused.getMessage());
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void uploadCopiesIntoTheRootAndReportsTheAbsolutePath() throws Exception {
        Path source = Files.writeString(dir.resolve("tmp.mp4"), "data");
        Path root = dir.resolve("rec");
        String location = new LocalStorage().upload(source, "out/final.mp4", "video/mp4",
                StorageSettings.of(List.of(LocalStorage.ROOT), Map.of("root", root.toString())));
        assertEquals(root.resolve("out/final.mp4").toString(), location);
        assertEquals("data", Files.readString(root.resolve("out/final.mp4")));
    }
}
