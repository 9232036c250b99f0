package io.egress4j.examples.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.InvalidStorageSettingException;
import io.egress4j.api.StorageSettings;
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
                settings(target));

        assertEquals(target.resolve("rooms/a/final.mp4").toString(), location);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(location)));
        assertTrue(Files.exists(source), "the original stays where it was");
        assertFalse(Files.exists(target.resolve("rooms/a/final.mp4.partial")));
    }

    @Test
    void replacesAnExistingCopy() throws Exception {
        Path target = dir.resolve("second");
        StorageSettings settings = settings(target);
        storage.upload(Files.writeString(dir.resolve("a.json"), "old"), "m.json", "application/json", settings);
        storage.upload(Files.writeString(dir.resolve("b.json"), "new"), "m.json", "application/json", settings);
        assertEquals("new", Files.readString(target.resolve("m.json")));
    }

    @Test
    void aLeadingSlashStaysInsideTheDirectory() throws Exception {
        Path target = dir.resolve("second");
        String location = storage.upload(Files.writeString(dir.resolve("x"), "x"), "/abs/x.ogg", "audio/ogg",
                settings(target));
        assertEquals(target.resolve("abs/x.ogg").toString(), location);
    }

    @Test
    void refusesPathsThatLeaveTheDirectory() throws Exception {
        Path source = Files.writeString(dir.resolve("x"), "x");
        EgressException e = assertThrows(EgressException.class, () -> storage.upload(source, "../escape.mp4",
                "video/mp4", settings(dir.resolve("second"))));
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("copy: "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escape.mp4")));
    }

    /** The declaration does the check: egress4j refuses a config without the directory before any upload. */
    @Test
    void needsTheDirectorySetting() {
        InvalidStorageSettingException e = assertThrows(InvalidStorageSettingException.class,
                () -> StorageSettings.of(storage.settings(), Map.of()));
        assertEquals("directory", e.key());
        assertTrue(e.missing());
    }

    private StorageSettings settings(Path directory) {
        return StorageSettings.of(storage.settings(), Map.of(CopyStorage.DIRECTORY.name(), directory.toString()));
    }
}
