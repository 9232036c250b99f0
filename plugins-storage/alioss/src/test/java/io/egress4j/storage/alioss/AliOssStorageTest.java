package io.egress4j.storage.alioss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import io.egress4j.testkit.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AliOSS backend. No OSS emulator exists anywhere, so the upload is only a SMOKE TEST: S3Proxy (embedded, no
 * authentication, path-style "SLD" addressing) speaks enough of the object API for a PUT that the test reads back.
 * Signing, OSS error codes and OSS-only headers are not exercised by it. The location format is unit-tested.
 */
class AliOssStorageTest {

    static final String BUCKET = "recordings";
    static S3ProxyServer proxy;
    static String endpoint;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** Path-style requests (bucket in the path), which S3Proxy understands. */
    private final AliOssStorage storage = new AliOssStorage(conf -> conf.setSLDEnabled(true));

    @BeforeAll
    static void startS3Proxy() throws Exception {
        proxy = S3ProxyServer.start(Files.createTempDirectory("s3proxy"));
        endpoint = proxy.endpoint();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + BUCKET))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("access_key", "LTAIegress4jtest");
        settings.put("secret", "oss-test-secret-0123456789");
        settings.put("endpoint", endpoint);
        settings.put("bucket", BUCKET);
        return settings;
    }

    @Test
    void smokeTestPutsAnObjectWithItsContentType() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Path file = Files.write(dir.resolve("a.mp4"), data);

        String location = storage.upload(file, "rooms/r1/a.mp4", "video/mp4", of(settings()));

        assertEquals("https://recordings.127.0.0.1:" + proxy.port() + "/rooms/r1/a.mp4", location);
        HttpResponse<byte[]> object = HTTP.send(HttpRequest.newBuilder(
                URI.create(endpoint + "/" + BUCKET + "/rooms/r1/a.mp4")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, object.statusCode());
        assertArrayEquals(data, object.body());
        assertEquals("video/mp4", object.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void smokeTestAPresignedUrlIsSignedLocallyAndServesTheObject() throws Exception {
        Path file = Files.writeString(dir.resolve("p.mp4"), "presigned");
        storage.upload(file, "signed/p.mp4", "video/mp4", of(settings()));

        String url = storage.presignedUrl("signed/p.mp4", Duration.ofDays(7), of(settings())).orElseThrow();

        assertTrue(url.startsWith(endpoint + "/" + BUCKET + "/signed/p.mp4?"), url);
        assertTrue(url.contains("OSSAccessKeyId=LTAIegress4jtest") && url.contains("Signature="), url);
        long expires = Long.parseLong(url.replaceAll(".*Expires=(\\d+).*", "$1"));
        long days = Duration.ofSeconds(expires - Instant.now().getEpochSecond()).toDays();
        assertTrue(days == 6 || days == 7, "valid 7 days: " + url);
        assertFalse(url.contains("oss-test-secret"), url);
        // S3Proxy runs without authentication: this shows the URL's shape works, not that OSS would accept it
        HttpResponse<String> object = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, object.statusCode());
        assertEquals("presigned", object.body());
    }

    @Test
    void anUnreachableEndpointNamesTheBackendButNotTheSecret() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.put("endpoint", "http://127.0.0.1:1");
        EgressException e = assertThrows(EgressException.class, () -> new AliOssStorage(conf -> {
            conf.setSLDEnabled(true);
            conf.setMaxErrorRetry(0);
        }).upload(file, "x.mp4", "video/mp4", of(settings)));
        assertTrue(e.getMessage().startsWith("alioss: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertFalse(e.getMessage().contains("oss-test-secret"), e.getMessage());
        assertEquals(EgressException.Code.UNAVAILABLE, e.code());
    }

    @Test
    void missingSettingsAreInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.remove("endpoint");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertEquals("alioss: endpoint is not set", e.getMessage());
        settings.put("endpoint", endpoint);
        settings.remove("secret");
        e = assertThrows(EgressException.class, () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertEquals("alioss: access_key and secret must be set", e.getMessage());
    }

    @Test
    void locationsFollowUpstream() {
        assertEquals("https://mybucket.oss-region.aliyuncs.com/foo.mp4",
                AliOssStorage.location("mybucket", "oss-region.aliyuncs.com", "foo.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/foo.mp4",
                AliOssStorage.location("mybucket", "https://oss-region.aliyuncs.com", "foo.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/foo.mp4",
                AliOssStorage.location("mybucket", "http://oss-region.aliyuncs.com", "foo.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/folder/sub/foo.mp4",
                AliOssStorage.location("mybucket", "oss-region.aliyuncs.com", "folder/sub/foo.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/foo.mp4",
                AliOssStorage.location("mybucket", "oss-region.aliyuncs.com", "/foo.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/folder/my%20file.mp4",
                AliOssStorage.location("mybucket", "oss-region.aliyuncs.com", "folder/my file.mp4"));
        assertEquals("https://mybucket.oss-region.aliyuncs.com/caf%C3%A9/r%C3%A9sum%C3%A9.mp4",
                AliOssStorage.location("mybucket", "oss-region.aliyuncs.com", "café/résumé.mp4"));
    }

    private static StorageSettings of(Map<String, String> settings) {
        return StorageSettings.of(new AliOssStorage().settings(), settings);
    }
}
