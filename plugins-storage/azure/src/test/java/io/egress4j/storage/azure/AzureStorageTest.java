package io.egress4j.storage.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.egress4j.api.EgressException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Azure backend against Azurite, Microsoft's Azure Storage emulator, started by this test on a free port.
 * Azurite comes from npm: {@code scripts/install-test-tools} puts it into {@code .tools/}. Without it this test
 * fails (it does not skip), so a missing emulator cannot hide a broken backend.
 */
class AzureStorageTest {

    /** Azurite's documented well-known development account. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String CONTAINER = "recordings";

    static Process azurite;
    static Path azuriteDir;
    static String endpoint;
    static BlobContainerClient container;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAzurite() throws Exception {
        Path root = projectRoot();
        Path azuriteBlob = root.resolve(".tools/node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(azuriteBlob)) {
            fail("Azurite is not installed (" + azuriteBlob + " is missing): run scripts/install-test-tools");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        azuriteDir = Files.createTempDirectory("azurite");
        // --disableTelemetry: no data leaves the machine, and the process exits on SIGTERM.
        azurite = new ProcessBuilder(azuriteBlob.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--location", azuriteDir.toString(), "--skipApiVersionCheck", "--loose",
                "--disableTelemetry", "--silent")
                .redirectErrorStream(true)
                .redirectOutput(azuriteDir.resolve("azurite.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(port)) {
            if (!azurite.isAlive()) {
                fail("Azurite exited with " + azurite.exitValue() + ": "
                        + Files.readString(azuriteDir.resolve("azurite.log")));
            }
            if (System.nanoTime() > deadline) {
                fail("Azurite did not listen on port " + port + " within 30 s");
            }
            Thread.sleep(100);
        }
        endpoint = "http://127.0.0.1:" + port + "/" + ACCOUNT;
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
            azurite.destroy();
            if (!azurite.waitFor(10, TimeUnit.SECONDS)) {
                azurite.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The checkout root: the nearest directory upwards that has scripts/install-test-tools. */
    private static Path projectRoot() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.exists(at.resolve("scripts/install-test-tools"))) {
            at = at.getParent();
        }
        if (at == null) {
            fail("cannot find the project root (scripts/install-test-tools) above " + Path.of("").toAbsolutePath());
        }
        return at;
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

        String location = new AzureStorage(Map.of()).upload(file, "rooms/r1/a.ogg", "audio/ogg", settings());

        assertEquals(endpoint + "/recordings/rooms/r1/a.ogg", location);
        assertArrayEquals(data, container.getBlobClient("rooms/r1/a.ogg").downloadContent().toBytes());
        assertEquals("audio/ogg", container.getBlobClient("rooms/r1/a.ogg").getProperties().getContentType());
    }

    @Test
    void uploadsALargeFileInBlocks() throws Exception {
        byte[] data = random(17 * 1024 * 1024);
        Path file = Files.write(dir.resolve("big.mp4"), data);

        String location = new AzureStorage(Map.of()).upload(file, "/big.mp4", "video/mp4", settings());

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
        storage.upload(file, "signed/p.mp4", "video/mp4", settings());

        String url = storage.presignedUrl("signed/p.mp4", Duration.ofDays(7), settings()).orElseThrow();

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
                .upload(file, "env/m.json", "application/json", settings);

        assertEquals("{}", container.getBlobClient("env/m.json").downloadContent().toString());
    }

    @Test
    void aWrongKeyFailsWithoutShowingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        String wrongKey = java.util.Base64.getEncoder().encodeToString("not-the-account-key-0123456789".getBytes());
        Map<String, String> settings = settings();
        settings.put("account_key", wrongKey);

        EgressException e = assertThrows(EgressException.class,
                () -> new AzureStorage(Map.of()).upload(file, "x.mp4", "video/mp4", settings));

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

        String location = new AzureStorage(Map.of()).upload(file, "recordings/nested/x.mp4", "video/mp4", settings);
        assertEquals(endpoint + "/recordings/nested/x.mp4", location);
        assertEquals("x", container.getBlobClient("nested/x.mp4").downloadContent().toString());

        EgressException e = assertThrows(EgressException.class,
                () -> new AzureStorage(Map.of()).upload(file, "x.mp4", "video/mp4", settings));
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
}
