package io.egress4j.storage.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import io.egress4j.testkit.AzuriteProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Azure backend against Azurite, Microsoft's Azure Storage emulator, started by this test on a free port
 * ({@link AzuriteProcess}; without it installed this test fails, it does not skip).
 */
class AzureStorageTest {

    static final String ACCOUNT = AzuriteProcess.ACCOUNT;
    static final String KEY = AzuriteProcess.KEY;
    static final String CONTAINER = "recordings";

    static AzuriteProcess azurite;
    static String endpoint;
    static BlobContainerClient container;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteProcess.start();
        endpoint = azurite.endpoint();
        container = new BlobServiceClientBuilder()
                .endpoint(endpoint)
                .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient()
                .getBlobContainerClient(CONTAINER);
        container.createIfNotExists();
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("account_name", ACCOUNT);
        settings.put("account_key", KEY);
        settings.put("container_name", CONTAINER);
        settings.put("endpoint", endpoint);
        return settings;
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void uploadsASmallFileWithItsContentType() throws Exception {
        byte[] data = random(1000);
        Path file = Files.write(dir.resolve("a.ogg"), data);

        String location = new AzureStorage(Map.of()).upload(file, "rooms/r1/a.ogg", "audio/ogg", of(settings()));

        assertEquals(endpoint + "/recordings/rooms/r1/a.ogg", location);
        assertArrayEquals(data, container.getBlobClient("rooms/r1/a.ogg").downloadContent().toBytes());
        assertEquals("audio/ogg", container.getBlobClient("rooms/r1/a.ogg").getProperties().getContentType());
    }

    @Test
    void uploadsALargeFileInBlocks() throws Exception {
        byte[] data = random(17 * 1024 * 1024);
        Path file = Files.write(dir.resolve("big.mp4"), data);

        String location = new AzureStorage(Map.of()).upload(file, "/big.mp4", "video/mp4", of(settings()));

        assertEquals(endpoint + "/recordings/big.mp4", location);
        var blob = container.getBlobClient("big.mp4");
        assertArrayEquals(data, blob.downloadContent().toBytes());
        BlobProperties properties = blob.getProperties();
        assertEquals("video/mp4", properties.getContentType());
        assertEquals(data.length, properties.getBlobSize());
        int blocks = blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks().size();
        assertEquals(5, blocks, "17 MiB in 4 MiB blocks");
    }

    @Test
    void aPresignedUrlDownloadsTheBlobWithAPlainGet() throws Exception {
        byte[] data = random(5000);
        Path file = Files.write(dir.resolve("p.mp4"), data);
        AzureStorage storage = new AzureStorage(Map.of());
        storage.upload(file, "signed/p.mp4", "video/mp4", of(settings()));

        String url = storage.presignedUrl("signed/p.mp4", Duration.ofDays(7), of(settings())).orElseThrow();

        assertTrue(url.startsWith(endpoint + "/recordings/signed/p.mp4?"), url);
        assertTrue(url.contains("sp=r"), "read only: " + url);
        assertFalse(url.contains(KEY), url);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(data, response.body());
        HttpResponse<byte[]> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/recordings/signed/p.mp4")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(unsigned.statusCode() >= 400, "the container is private: " + unsigned.statusCode());
    }

    @Test
    void fallsBackToTheEnvironmentForTheAccount() throws Exception {
        Path file = Files.writeString(dir.resolve("m.json"), "{}");
        Map<String, String> settings = settings();
        settings.remove("account_name");
        settings.remove("account_key");

        new AzureStorage(Map.of("AZURE_STORAGE_ACCOUNT", ACCOUNT, "AZURE_STORAGE_KEY", KEY))
                .upload(file, "env/m.json", "application/json", of(settings));

        assertEquals("{}", container.getBlobClient("env/m.json").downloadContent().toString());
    }

    @Test
    void aWrongKeyFailsWithoutShowingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        String wrongKey = java.util.Base64.getEncoder().encodeToString("not-the-account-key-0123456789".getBytes());
        Map<String, String> settings = settings();
        settings.put("account_key", wrongKey);

        EgressException e = assertThrows(EgressException.class,
                () -> new AzureStorage(Map.of()).upload(file, "x.mp4", "video/mp4", of(settings)));

        assertTrue(e.getMessage().startsWith("azure: "), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongKey), e.getMessage());
        assertEquals(EgressException.Code.PERMISSION_DENIED, e.code());
        assertFalse(container.getBlobClient("x.mp4").exists());
    }

    @Test
    void withoutAContainerTheFirstPathSegmentIsTheContainer() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.remove("container_name");

        String location = new AzureStorage(Map.of()).upload(file, "recordings/nested/x.mp4", "video/mp4", of(settings));
        assertEquals(endpoint + "/recordings/nested/x.mp4", location);
        assertEquals("x", container.getBlobClient("nested/x.mp4").downloadContent().toString());

        EgressException e = assertThrows(EgressException.class,
                () -> new AzureStorage(Map.of()).upload(file, "x.mp4", "video/mp4", of(settings)));
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("azure: container_name is not set"), e.getMessage());
    }

    @Test
    void locationsFollowUpstream() {
        assertEquals("https://acct.blob.core.windows.net/mycontainer/foo.mp4",
                AzureStorage.location("acct", "", "mycontainer", "foo.mp4"));
        assertEquals("https://acct.blob.core.windows.net/mycontainer/foo.mp4",
                AzureStorage.location("acct", "", "/mycontainer/", "/foo.mp4"));
        assertEquals("https://acct.blob.core.windows.net/recordings/production/6893038.ogg",
                AzureStorage.location("acct", "", "", "recordings/production/6893038.ogg"));
        assertEquals("https://acct.blob.core.windows.net/mycontainer/a/b/c.mp4",
                AzureStorage.location("acct", "", "mycontainer", "a/b/c.mp4"));
        assertEquals("https://acct.blob.core.windows.net/mycontainer/my%20file.mp4",
                AzureStorage.location("acct", "", "mycontainer", "my file.mp4"));
        assertEquals("https://acct.blob.core.windows.net/mycontainer/caf%C3%A9/r%C3%A9sum%C3%A9.mp4",
                AzureStorage.location("acct", "", "mycontainer", "café/résumé.mp4"));
        assertEquals("https://acct.blob.core.usgovcloudapi.net/c/foo.mp4",
                AzureStorage.location("acct", "acct.blob.core.usgovcloudapi.net/", "c", "foo.mp4"));
        assertEquals("http://127.0.0.1:10000/devstoreaccount1/c/foo.mp4",
                AzureStorage.location("devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1", "c", "foo.mp4"));
    }

    private static StorageSettings of(Map<String, String> settings) {
        return StorageSettings.of(AzureStorage.DECLARED, settings);
    }
}
