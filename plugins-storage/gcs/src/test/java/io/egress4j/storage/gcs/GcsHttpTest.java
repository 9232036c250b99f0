package io.egress4j.storage.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.NoCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCS backend's real HTTP path (client options, retries, transports, the proxy) against a hand-written stub of
 * the JSON API's resumable upload, since no GCS emulator is available here (see {@link GcsStorageTest}). The stub is
 * also an HTTP proxy that demands Basic credentials, to check the proxy settings.
 */
class GcsHttpTest {

    @TempDir
    Path dir;

    HttpServer server;
    String url;
    /** Object name to its bytes and content type, as the stub stored them. */
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    final Map<String, String> sessions = new ConcurrentHashMap<>();
    final Map<String, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile boolean actAsProxy;
    volatile boolean deny;
    volatile int failFirst;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String uri = exchange.getRequestURI().toString();
            requests.add(method + " " + uri);
            if (actAsProxy) {
                String auth = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
                if (auth == null) {
                    exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"stub\"");
                    exchange.sendResponseHeaders(407, -1);
                    return;
                }
                proxyAuthorizations.add(auth);
            }
            if (method.equals("POST") && exchange.getRequestURI().getPath().equals("/token")) {
                tokenRequests.add(new String(body, StandardCharsets.UTF_8));
                byte[] json = "{\"access_token\":\"stub-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            if (deny) {
                byte[] json = ("{\"error\":{\"code\":403,\"message\":\"egress@p.iam.gserviceaccount.com does not have"
                        + " storage.objects.create access\",\"errors\":[{\"reason\":\"forbidden\"}]}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(403, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            if (failFirst > 0) {
                failFirst--;
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (method.equals("POST") && path.startsWith("/upload/storage/v1/b/") && query.contains("uploadType=resumable")) {
                String bucket = path.substring("/upload/storage/v1/b/".length(), path.indexOf("/o"));
                String name = field(new String(body, StandardCharsets.UTF_8), "name");
                String id = "session" + sessions.size();
                sessions.put(id, name);
                received.put(id, new ByteArrayOutputStream());
                contentTypes.put(name, field(new String(body, StandardCharsets.UTF_8), "contentType"));
                exchange.getResponseHeaders().add("Location",
                        url + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (method.equals("PUT") && query != null && query.contains("upload_id=")) {
                String id = query.substring(query.indexOf("upload_id=") + "upload_id=".length());
                ByteArrayOutputStream data = received.get(id);
                data.write(body);
                String range = exchange.getRequestHeaders().getFirst("Content-Range");
                Matcher m = Pattern.compile("bytes (?:\\d+-\\d+|\\*)/(\\d+|\\*)").matcher(range == null ? "" : range);
                boolean last = m.matches() && !m.group(1).equals("*") && Long.parseLong(m.group(1)) == data.size();
                if (!last) {
                    exchange.getResponseHeaders().add("Range", "bytes=0-" + (data.size() - 1));
                    exchange.sendResponseHeaders(308, -1);
                    return;
                }
                String name = sessions.get(id);
                objects.put(name, data.toByteArray());
                byte[] json = ("{\"kind\":\"storage#object\",\"bucket\":\"recordings\",\"name\":\"" + name
                        + "\",\"size\":\"" + data.size() + "\",\"generation\":\"1\",\"contentType\":\""
                        + contentTypes.get(name) + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            exchange.sendResponseHeaders(501, -1);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The backend with its own client options and transport, pointed at the stub, without credentials. */
    private GcsStorage backend() {
        return new GcsStorage(s -> GcsStorage.options(GcsStorage.transport(s), NoCredentials.getInstance())
                .setHost(url).setProjectId("test").build().getService(), true);
    }

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
    void uploadsOverTheJsonApi() throws Exception {
        byte[] data = random(200_000);
        Path file = Files.write(dir.resolve("a.ogg"), data);

        String location = backend().upload(file, "rooms/a.ogg", "audio/ogg", of(settings()));

        assertEquals("https://recordings.storage.googleapis.com/rooms/a.ogg", location);
        assertArrayEquals(data, objects.get("rooms/a.ogg"));
        assertEquals("audio/ogg", contentTypes.get("rooms/a.ogg"));
    }

    @Test
    void uploadsALargeFileInChunks() throws Exception {
        byte[] data = random(17 * 1024 * 1024);
        Path file = Files.write(dir.resolve("big.mp4"), data);

        backend().upload(file, "big.mp4", "video/mp4", of(settings()));

        assertArrayEquals(data, objects.get("big.mp4"));
    }

    @Test
    void retriesTransientFailures() throws Exception {
        failFirst = 2;
        Path file = Files.writeString(dir.resolve("m.json"), "{}");

        backend().upload(file, "m.json", "application/json", of(settings()));

        assertEquals("{}", new String(objects.get("m.json"), StandardCharsets.UTF_8));
    }

    @Test
    void goesThroughTheProxyWithItsCredentials() throws Exception {
        actAsProxy = true;
        Path file = Files.writeString(dir.resolve("m.json"), "{}");
        Map<String, String> settings = settings();
        settings.put("proxy.url", url);
        settings.put("proxy.username", "egress");
        settings.put("proxy.password", "proxy-secret");

        // The stub is both the proxy and the server: requests reach it with absolute URIs.
        new GcsStorage(s -> GcsStorage.options(GcsStorage.transport(s), NoCredentials.getInstance())
                .setHost("http://storage.invalid").setProjectId("test").build().getService(), true)
                .upload(file, "m.json", "application/json", of(settings));

        assertEquals("{}", new String(objects.get("m.json"), StandardCharsets.UTF_8));
        assertTrue(requests.stream().anyMatch(r -> r.startsWith("POST http://storage.invalid/upload/")), requests.toString());
        assertFalse(proxyAuthorizations.isEmpty());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("egress:proxy-secret".getBytes(StandardCharsets.UTF_8)),
                proxyAuthorizations.get(0));
    }

    /** A service account key whose token endpoint is the stub. */
    private String serviceAccountJson() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        // PEM lines joined with "\n" as JSON writes them
        String body = Base64.getMimeEncoder(64, new byte[] {10}).encodeToString(pair.getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + body.replace("\n", "\\n") + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"k1\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"egress@p.iam.gserviceaccount.com\","
                + "\"client_id\":\"1\",\"token_uri\":\"" + url + "/token\"}";
    }

    @Test
    void signsInWithTheServiceAccountKey() throws Exception {
        Path file = Files.writeString(dir.resolve("m.json"), "{}");
        Map<String, String> settings = settings();
        settings.put("credentials_json", serviceAccountJson());

        new GcsStorage(s -> GcsStorage.configure(s).setHost(url).build().getService(), true)
                .upload(file, "m.json", "application/json", of(settings));

        assertEquals("{}", new String(objects.get("m.json"), StandardCharsets.UTF_8));
        assertEquals(1, tokenRequests.size());
        assertTrue(tokenRequests.get(0).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"),
                tokenRequests.get(0));
        assertTrue(authorizations.stream().allMatch("Bearer stub-token"::equals), authorizations.toString());
        assertFalse(authorizations.isEmpty());
    }

    @Test
    void signsAUrlWithTheServiceAccountKeyWithoutAskingForAToken() throws Exception {
        Map<String, String> settings = settings();
        settings.put("credentials_json", serviceAccountJson());

        String signed = new GcsStorage().presignedUrl("rooms/a b.mp4", Duration.ofDays(7), of(settings)).orElseThrow();

        assertTrue(signed.startsWith("https://storage.googleapis.com/recordings/rooms/a%20b.mp4?"), signed);
        assertTrue(signed.contains("X-Goog-Algorithm=GOOG4-RSA-SHA256"), signed);
        assertTrue(signed.contains("X-Goog-Expires=604800"), "valid 7 days: " + signed);
        assertTrue(signed.contains("X-Goog-Credential=egress%40p.iam.gserviceaccount.com"), signed);
        assertTrue(signed.matches(".*X-Goog-Signature=[0-9a-f]{512}.*"), "an RSA-2048 signature: " + signed);
        assertEquals(List.of(), tokenRequests, "signed locally");
    }

    @Test
    void credentialsThatCannotSignAreNamed() {
        EgressException e = assertThrows(EgressException.class, () -> backend()
                .presignedUrl("a.mp4", Duration.ofDays(7), of(settings())));
        assertEquals(EgressException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("gcp: cannot sign a URL for a.mp4 in bucket recordings: "), e.getMessage());
        assertTrue(e.getMessage().contains("credentials_json must be a service account key"), e.getMessage());
    }

    @Test
    void aRefusalIsPermissionDenied() throws Exception {
        deny = true;
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        Map<String, String> settings = settings();
        String json = serviceAccountJson();
        settings.put("credentials_json", json);

        EgressException e = assertThrows(EgressException.class,
                () -> new GcsStorage(s -> GcsStorage.configure(s).setHost(url).build().getService(), true)
                        .upload(file, "x.mp4", "video/mp4", of(settings)));

        assertEquals(EgressException.Code.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().startsWith("gcp: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertTrue(e.getMessage().contains("storage.objects.create"), e.getMessage());
        assertFalse(e.getMessage().contains("PRIVATE KEY"), e.getMessage());
    }

    @Test
    void aServerErrorNamesTheBackendButNotTheUploadSession() throws Exception {
        failFirst = 100;
        Path file = Files.writeString(dir.resolve("x.mp4"), "x");
        EgressException e = assertThrows(EgressException.class,
                () -> backend().upload(file, "x.mp4", "video/mp4", of(settings())));
        assertTrue(e.getMessage().startsWith("gcp: cannot upload x.mp4 to bucket recordings: "), e.getMessage());
        assertFalse(e.getMessage().contains("upload_id="), e.getMessage());
        assertEquals(EgressException.Code.UNAVAILABLE, e.code());
    }

    private static StorageSettings of(Map<String, String> settings) {
        return StorageSettings.of(GcsStorage.GcsSettings.DECLARED, settings);
    }
}
