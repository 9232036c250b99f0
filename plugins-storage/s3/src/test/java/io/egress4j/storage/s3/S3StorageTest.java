package io.egress4j.storage.s3;

import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Settings;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Runs the S3 backend against S3Proxy, embedded in this JVM: a real S3 HTTP server with SigV4 authentication, keeping
 * objects in a temporary directory. S3Proxy does not store object tags, so the test checks the tagging header on the
 * requests the backend sends.
 */
class S3StorageTest {

    static final String ACCESS_KEY = "AKIAEGRESS4JTEST";
    static final String SECRET = "egress4j-test-secret-0123456789";
    static final String BUCKET = "recordings";

    static S3ProxyServer proxy;
    static String endpoint;
    static S3Client reader;

    @TempDir
    Path dir;

    /** The requests the backend sent in the current test: operation name and the HTTP request as signed. */
    final List<Context.BeforeTransmission> sent = new CopyOnWriteArrayList<>();
    S3Storage storage;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        // S3Proxy does not implement object tags: it ignores the x-amz-tagging header
        proxy = S3ProxyServer.startWithKeys(Files.createTempDirectory("s3proxy"), ACCESS_KEY, SECRET);
        endpoint = proxy.endpoint();
        reader = S3Client.builder()
                .httpClient(ApacheHttpClient.create())
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .build();
        reader.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void observeRequests() {
        storage = new S3Storage(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context);
            }
        });
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("access_key", ACCESS_KEY);
        settings.put("secret", SECRET);
        settings.put("region", "us-east-1");
        settings.put("endpoint", endpoint);
        settings.put("bucket", BUCKET);
        settings.put("force_path_style", "true");
        settings.put("metadata.room", "daily standup");
        settings.put("metadata.egress-id", "EG_abc");
        settings.put("tagging", "team=media&retention=30d");
        return settings;
    }

    private static StorageSettings of(Map<String, String> settings) {
        return StorageSettings.of(S3Settings.DECLARED, settings);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private List<String> operations() {
        return sent.stream().map(c -> c.request().getClass().getSimpleName()).toList();
    }

    @Test
    void uploadsASmallFileWithContentTypeMetadataTagsAndDisposition() throws Exception {
        byte[] data = random(100_000);
        Path file = Files.write(dir.resolve("a.mp4"), data);

        String location = storage.upload(file, "rooms/r1/a.mp4", "video/mp4", of(settings()));

        assertEquals(endpoint + "/recordings/rooms/r1/a.mp4", location);
        ResponseBytes<GetObjectResponse> object = reader.getObjectAsBytes(b -> b.bucket(BUCKET).key("rooms/r1/a.mp4"));
        assertArrayEquals(data, object.asByteArray());
        GetObjectResponse response = object.response();
        assertEquals("video/mp4", response.contentType());
        assertEquals("inline", response.contentDisposition());
        assertEquals(Map.of("room", "daily standup", "egress-id", "EG_abc"), response.metadata());
        assertEquals(List.of("PutObjectRequest"), operations());
        assertEquals(List.of("team=media&retention=30d"),
                sent.get(0).httpRequest().headers().get("x-amz-tagging"));
    }

    @Test
    void uploadsFilesOver16MiBInParts() throws Exception {
        byte[] data = random(17 * 1024 * 1024);
        Path file = Files.write(dir.resolve("big.mp4"), data);
        Map<String, String> settings = settings();
        settings.put("content_disposition", "attachment; filename=\"big.mp4\"");

        String location = storage.upload(file, "big.mp4", "video/mp4", of(settings));

        assertEquals(endpoint + "/recordings/big.mp4", location);
        ResponseBytes<GetObjectResponse> object = reader.getObjectAsBytes(b -> b.bucket(BUCKET).key("big.mp4"));
        assertArrayEquals(data, object.asByteArray());
        assertEquals("video/mp4", object.response().contentType());
        assertEquals("attachment; filename=\"big.mp4\"", object.response().contentDisposition());
        assertEquals("daily standup", object.response().metadata().get("room"));
        // 8 MiB parts: 8 + 8 + 1
        assertEquals(List.of("CreateMultipartUploadRequest", "UploadPartRequest", "UploadPartRequest",
                "UploadPartRequest", "CompleteMultipartUploadRequest"),
                operations().stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertEquals(List.of("team=media&retention=30d"),
                sent.get(0).httpRequest().headers().get("x-amz-tagging"));
    }

    private static int order(String operation) {
        return switch (operation) {
            case "CreateMultipartUploadRequest" -> 0;
            case "UploadPartRequest" -> 1;
            default -> 2;
        };
    }

    @Test
    void sendsTheGivenContentTypeForEachArtifact() throws Exception {
        for (String[] artifact : new String[][] {{"playlist.m3u8", "application/x-mpegurl"},
                {"seg_0.ts", "video/mp2t"}, {"img.jpeg", "image/jpeg"}, {"EG_1.json", "application/json"}}) {
            Path file = Files.writeString(dir.resolve(artifact[0]), artifact[0]);
            storage.upload(file, "types/" + artifact[0], artifact[1], of(settings()));
            HeadObjectResponse head = reader.headObject(b -> b.bucket(BUCKET).key("types/" + artifact[0]));
            assertEquals(artifact[1], head.contentType());
        }
    }

    @Test
    void aPresignedUrlDownloadsTheObjectWithAPlainGet() throws Exception {
        byte[] data = random(5000);
        Path file = Files.write(dir.resolve("p.mp4"), data);
        storage.upload(file, "signed/p.mp4", "video/mp4", of(settings()));

        String url = storage.presignedUrl("signed/p.mp4", Duration.ofDays(7), of(settings())).orElseThrow();

        assertTrue(url.startsWith(endpoint + "/recordings/signed/p.mp4?"), url);
        assertTrue(url.contains("X-Amz-Expires=604800"), "valid 7 days: " + url);
        assertFalse(url.contains(SECRET), url);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(data, response.body());
        HttpResponse<byte[]> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/recordings/signed/p.mp4")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, unsigned.statusCode(), "the object is not public: the signature is what lets the GET in");
    }

    @Test
    void wrongCredentialsFailWithoutShowingTheSecret() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        String wrongSecret = "wrong-secret-value-987654321";
        settings.put("secret", wrongSecret);

        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));

        assertTrue(e.getMessage().startsWith("s3: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongSecret), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals(EgressException.Code.PERMISSION_DENIED, e.code());
        assertEquals(null, e.getCause(), "no SDK exception (with request details) is attached");
    }

    @Test
    void anUnknownBucketIsReported() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.put("bucket", "no-such-bucket");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertTrue(e.getMessage().startsWith("s3: cannot upload x.mp4 to bucket no-such-bucket: "), e.getMessage());
        assertEquals(EgressException.Code.NOT_FOUND, e.code());
    }

    @Test
    void aMissingBucketSettingIsInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.remove("bucket");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertEquals("s3: bucket is not set", e.getMessage());
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
    }

    @Test
    void anUnreachableEndpointIsUnavailable() throws Exception {
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        settings.put("endpoint", "http://127.0.0.1:1");
        settings.put("max_retries", "1");
        EgressException e = assertThrows(EgressException.class,
                () -> storage.upload(file, "x.mp4", "video/mp4", of(settings)));
        assertTrue(e.getMessage().startsWith("s3: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertEquals(EgressException.Code.UNAVAILABLE, e.code());
    }

    @Test
    void locationsFollowUpstream() {
        assertEquals("https://mybucket.s3.amazonaws.com/foo.mp4", S3Storage.location("mybucket", "", false, "foo.mp4"));
        assertEquals("https://mybucket.s3.example.com/foo.mp4",
                S3Storage.location("mybucket", "s3.example.com", false, "foo.mp4"));
        assertEquals("https://mybucket.s3.example.com/foo.mp4",
                S3Storage.location("mybucket", "https://s3.example.com", false, "foo.mp4"));
        assertEquals("https://mybucket.s3.example.com/foo.mp4",
                S3Storage.location("mybucket", "http://s3.example.com", false, "foo.mp4"));
        assertEquals("https://mybucket.s3.amazonaws.com/a/b/c.mp4",
                S3Storage.location("mybucket", "", false, "a/b/c.mp4"));
        assertEquals("https://mybucket.s3.amazonaws.com/foo.mp4", S3Storage.location("mybucket", "", false, "/foo.mp4"));
        assertEquals("https://mybucket.s3.amazonaws.com/folder/my%20file.mp4",
                S3Storage.location("mybucket", "", false, "folder/my file.mp4"));
        assertEquals("https://mybucket.s3.amazonaws.com/caf%C3%A9/r%C3%A9sum%C3%A9.mp4",
                S3Storage.location("mybucket", "", false, "café/résumé.mp4"));
        assertEquals("https://s3.amazonaws.com/mybucket/foo.mp4", S3Storage.location("mybucket", "", true, "foo.mp4"));
        assertEquals("https://minio.example.com/mybucket/foo.mp4",
                S3Storage.location("mybucket", "https://minio.example.com", true, "foo.mp4"));
        assertEquals("https://minio.example.com/mybucket/foo.mp4",
                S3Storage.location("mybucket", "minio.example.com/", true, "/foo.mp4"));
        // path-style keeps the endpoint's scheme (a MinIO on plain HTTP stays reachable at the reported location)
        assertEquals("http://minio:9000/mybucket/a/b.mp4",
                S3Storage.location("mybucket", "http://minio:9000", true, "a/b.mp4"));
    }

    @Test
    void partSizeKeepsUnder10000Parts() {
        assertEquals(8L * 1024 * 1024, S3MultipartUpload.partSize(17L * 1024 * 1024));
        long huge = 200L * 1024 * 1024 * 1024;
        long part = S3MultipartUpload.partSize(huge);
        assertTrue((huge + part - 1) / part <= 10_000);
        assertEquals(0, part % (1024 * 1024));
    }

    @Test
    void durationsReadTheGoAndIsoForms() {
        assertEquals(Duration.ofMillis(100), Settings.parseDuration("100ms"));
        assertEquals(Duration.ofSeconds(90), Settings.parseDuration("1m30s"));
        assertEquals(Duration.ofMillis(2750), Settings.parseDuration("2.75s"));
        assertEquals(Duration.ofSeconds(5), Settings.parseDuration("PT5S"));
        assertEquals(Duration.ofSeconds(5), Settings.parseDuration("5"));
        assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration("5x"));
        assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration("s"));
    }

    @Test
    void secretsAndSignedUrlQueriesAreRedacted() {
        assertEquals("failed at https://h/b/k?<redacted> with <redacted>",
                Errors.redact("failed at https://h/b/k?X-Amz-Signature=abc&X-Amz-Credential=AK with s3cr3t-value",
                        List.of("s3cr3t-value", "")));
    }
}
