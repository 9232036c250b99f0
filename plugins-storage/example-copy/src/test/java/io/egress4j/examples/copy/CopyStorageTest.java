package io.egress4j.examples.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyStorageTest {

    @TempDir
    Path dir;

    private final CopyStorage storage = new CopyStorage();

    @Test
    void copiesIntoTheDirectoryAndReportsTheAbsolutePath() throws Exception {
        Path source = Files.write(dir.resolve("tmp.mp4"), new byte[] {1, 2, 3});
        Path target = dir.resolve("second");

        String location = storage.upload(source, "rooms/a/final.mp4", "video/mp4",
                Map.of(CopyStorage.DIRECTORY, target.toString()));

        assertEquals(target.resolve("rooms/a/final.mp4").toString(), location);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(location)));
        assertTrue(Files.exists(source), "the original stays where it was");
        assertFalse(Files.exists(target.resolve("rooms/a/final.mp4.partial")));
    }

    @Test
    void replacesAnExistingCopy() throws Exception {
        Path target = dir.resolve("second");
        Map<String, String> settings = Map.of(CopyStorage.DIRECTORY, target.toString());
        storage.upload(Files.writeString(dir.resolve("a.json"), "old"), "m.json", "application/json", settings);
        storage.upload(Files.writeString(dir.resolve("b.json"), "new"), "m.json", "application/json", settings);
        assertEquals("new", Files.readString(target.resolve("m.json")));
    }

    @Test
    void aLeadingSlashStaysInsideTheDirectory() throws Exception {
        Path target = dir.resolve("second");
        String location = storage.upload(Files.writeString(dir.resolve("x"), "x"), "/abs/x.ogg", "audio/ogg",
                Map.of(CopyStorage.DIRECTORY, target.toString()));
        assertEquals(target.resolve("abs/x.ogg").toString(), location);
    }

    @Test
    void refusesPathsThatLeaveTheDirectory() throws Exception {
        Path source = Files.writeString(dir.resolve("x"), "x");
        EgressException e = assertThrows(EgressException.class, () -> storage.upload(source, "../escape.mp4",
                "video/mp4", Map.of(CopyStorage.DIRECTORY, dir.resolve("second").toString())));
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("copy: "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escape.mp4")));
    }

    @Test
    void needsTheDirectorySetting() throws Exception {
        Path source = Files.writeString(dir.resolve("x"), "x");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(source, "x.mp4", "video/mp4", Map.of()));
        assertEquals("copy: setting directory is not set", e.getMessage());
    }
}
