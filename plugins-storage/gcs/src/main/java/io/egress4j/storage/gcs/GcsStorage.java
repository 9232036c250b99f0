package io.egress4j.storage.gcs;

import io.egress4j.storage.support.NodeCredentials;
import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Locations;
import io.egress4j.storage.support.ProxySettings;
import io.egress4j.storage.support.Settings;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonParser;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.BaseServiceException;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.RouteInfo;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.DefaultProxyRoutePlanner;
import org.osgi.service.component.annotations.Component;

/**
 * Uploads to Google Cloud Storage (config key {@code gcp}, as upstream) over its JSON API: a service account key
 * given as JSON (else Application Default Credentials, e.g. {@code GOOGLE_APPLICATION_CREDENTIALS}), an optional HTTP
 * proxy, and upstream's retries (5 attempts, 100 ms to 5 s, retrying every failure that may be transient).
 */
@Component(property = Uploader.BACKEND + "=gcp")
public final class GcsStorage implements Uploader {

    static final String BACKEND = "gcp";
    static final String SCOPE = "https://www.googleapis.com/auth/devstorage.read_write";

    /** Opens the {@link Storage} client for one upload. */
    @FunctionalInterface
    interface StorageFactory {
        Storage open(GcsSettings settings) throws IOException;
    }

    /**
     * google-api-client warns on every client it builds that no application name is set (the storage library leaves
     * it out). Its logger is quietened to errors; held here so java.util.logging keeps the level.
     */
    private static final Logger CLIENT_LOG =
            Logger.getLogger("com.google.api.client.googleapis.services.AbstractGoogleClient");

    static {
        CLIENT_LOG.setLevel(Level.SEVERE);
    }

    private final StorageFactory factory;
    private final boolean closeAfterUse;

    public GcsStorage() {
        this(GcsStorage::openStorage, true);
    }

    /**
     * For tests: uploads go to the given client. No HTTP-level GCS emulator is available here, so the tests hand in
     * google-cloud-nio's in-memory {@code LocalStorageHelper} client (or one pointed at a stub server).
     */
    GcsStorage(StorageFactory factory, boolean closeAfterUse) {
        this.factory = factory;
        this.closeAfterUse = closeAfterUse;
    }

    @Override
    public List<StorageSetting> settings() {
        return GcsSettings.DECLARED;
    }

    @Override
    public Optional<String> requestUpload() {
        return Optional.of("livekit.GCPUpload");
    }

    @Override
    public void check(StorageSettings settings) throws EgressException {
        GcsSettings s = GcsSettings.of(settings);
        if (s.credentialsJson().isEmpty()) {
            NodeCredentials.requireKeysOrConsent(settings, "gcp.credentials");
        }
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        GcsSettings s = GcsSettings.of(settings);
        String name = Locations.trimLeadingSlashes(storagePath);
        call(s, "upload " + name + " to", storage -> storage.createFrom(BlobInfo.newBuilder(BlobId.of(s.bucket(), name))
                .setContentType(contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType)
                .build(), file));
        return location(s.bucket(), name);
    }

    /**
     * A V4 signed GET URL (at most 7 days), signed by the credentials: locally with a service account key, else
     * through Google's IAM signBlob. Credentials that cannot sign (e.g. user credentials) are refused.
     */
    @Override
    public Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings)
            throws EgressException {
        GcsSettings s = GcsSettings.of(settings);
        String name = Locations.trimLeadingSlashes(storagePath);
        return Optional.of(call(s, "sign a URL for " + name + " in", storage -> {
            try {
                return storage.signUrl(BlobInfo.newBuilder(BlobId.of(s.bucket(), name)).build(),
                        validity.toSeconds(), TimeUnit.SECONDS, Storage.SignUrlOption.withV4Signature()).toString();
            } catch (IllegalStateException e) {
                throw new CredentialsException(new IOException(
                        "they cannot sign URLs; credentials_json must be a service account key"));
            }
        }));
    }

    /** One use of a {@link Storage} client. */
    @FunctionalInterface
    private interface StorageCall<T> {
        T apply(Storage storage) throws IOException;
    }

    /** Opens a client, runs {@code call}, closes the client; failures name the backend, the action and the bucket. */
    private <T> T call(GcsSettings s, String action, StorageCall<T> call) throws EgressException {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // google-cloud and gax look up providers through ServiceLoader and the context class loader.
        Thread.currentThread().setContextClassLoader(GcsStorage.class.getClassLoader());
        Storage storage = null;
        try {
            storage = factory.open(s);
            return call.apply(storage);
        } catch (BaseServiceException e) {
            throw new EgressException(e.getCode() > 0 ? Errors.codeForStatus(e.getCode()) : Code.UNAVAILABLE,
                    message(s, action, e));
        } catch (CredentialsException e) {
            throw new EgressException(Code.INVALID_ARGUMENT, message(s, action, e));
        } catch (IOException | RuntimeException e) {
            throw new EgressException(e instanceof IOException ? Code.UNAVAILABLE : Code.INTERNAL,
                    message(s, action, e));
        } finally {
            if (storage != null && closeAfterUse) {
                try {
                    storage.close();
                } catch (Exception ignored) {
                    // nothing left to release
                }
            }
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Upstream's location: {@code https://<bucket>.storage.googleapis.com/<object>}. */
    static String location(String bucket, String name) {
        return "https://" + bucket + ".storage.googleapis.com/"
                + Locations.escapePath(Locations.trimLeadingSlashes(name));
    }

    private static String message(GcsSettings s, String action, Exception e) {
        // The cause can hold the resumable upload session URL (a bearer of write access): URL queries are removed.
        return BACKEND + ": cannot " + action + " bucket " + s.bucket() + ": "
                + Errors.redact(Errors.describe(e), s.secrets());
    }

    static Storage openStorage(GcsSettings s) throws IOException {
        return configure(s).build().getService();
    }

    /** The client options for {@code s}: transport, credentials, project and upstream's retries. */
    static StorageOptions.Builder configure(GcsSettings s) throws IOException {
        HttpTransportFactory transport = transport(s);
        GoogleCredentials credentials;
        try {
            credentials = credentials(s, transport);
        } catch (IOException e) {
            throw new CredentialsException(e);
        }
        StorageOptions.Builder options = options(transport, credentials);
        if (credentials instanceof ServiceAccountCredentials account && account.getProjectId() != null) {
            options.setProjectId(account.getProjectId());
        }
        return options;
    }

    private static GoogleCredentials credentials(GcsSettings s, HttpTransportFactory transport) throws IOException {
        GoogleCredentials credentials;
        if (!s.credentialsJson().isEmpty()) {
            ByteArrayInputStream json = new ByteArrayInputStream(s.credentialsJson().getBytes(StandardCharsets.UTF_8));
            credentials = s.fromRequest() ? ServiceAccountCredentials.fromStream(json, transport)
                    : GoogleCredentials.fromStream(json, transport);
        } else {
            // Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server
            credentials = GoogleCredentials.getApplicationDefault(transport);
        }
        return credentials.createScopedRequired() ? credentials.createScoped(List.of(SCOPE)) : credentials;
    }

    /** The client options every upload uses: the transport, the credentials and upstream's retries. */
    static StorageOptions.Builder options(HttpTransportFactory transport, Credentials credentials) {
        return StorageOptions.http()
                .setCredentials(credentials)
                .setTransportOptions(HttpTransportOptions.newBuilder().setHttpTransportFactory(transport).build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(5)
                        .setInitialRetryDelayDuration(Duration.ofMillis(100))
                        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
                        .setRetryDelayMultiplier(2.0)
                        .setTotalTimeoutDuration(Duration.ofMinutes(10))
                        .build())
                // upstream retries every request (storage.RetryAlways), uploads included
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
    }

    /** Credentials that cannot be read or found: a configuration problem, not an outage. */
    static final class CredentialsException extends IOException {
        private static final long serialVersionUID = 1L;

        CredentialsException(IOException cause) {
            super("cannot use the credentials: " + cause.getMessage(), cause);
        }
    }

    /** The JDK-based transport, or Apache HttpClient when a proxy is set (it sends proxy credentials on CONNECT). */
    static HttpTransportFactory transport(GcsSettings s) {
        if (s.proxyUrl().isEmpty()) {
            HttpTransport shared = new NetHttpTransport();
            return () -> shared;
        }
        URI proxy = URI.create(s.proxyUrl());
        HttpHost host = new HttpHost(proxy.getHost(), proxy.getPort(), proxy.getScheme());
        // the default builder routes through the JVM's ProxySelector, which would override setProxy
        HttpClientBuilder client = ApacheHttpTransport.newDefaultHttpClientBuilder()
                .setRoutePlanner(new DefaultProxyRoutePlanner(host));
        if (!s.proxyUsername().isEmpty()) {
            // HTTPS goes through a CONNECT tunnel: the proxy's 407 challenge is answered from these credentials.
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(host),
                    new UsernamePasswordCredentials(s.proxyUsername(), s.proxyPassword()));
            client.setDefaultCredentialsProvider(credentials);
            // Plain HTTP requests go to the proxy itself: send the credentials up front, since an upload body
            // cannot be sent twice. Never inside a tunnel, where the header would reach the storage server.
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (s.proxyUsername() + ":" + s.proxyPassword()).getBytes(StandardCharsets.UTF_8));
            client.addInterceptorLast((HttpRequestInterceptor) (request, context) -> {
                RouteInfo route = HttpClientContext.adapt(context).getHttpRoute();
                if (route != null && route.getProxyHost() != null && !route.isTunnelled()
                        && !request.containsHeader("Proxy-Authorization")) {
                    request.addHeader("Proxy-Authorization", basic);
                }
            });
        }
        HttpTransport shared = new ApacheHttpTransport(client.build());
        return () -> shared;
    }

    /** The settings this backend declares and reads. */
    record GcsSettings(String credentialsJson, boolean fromRequest, String bucket, String proxyUrl,
                       String proxyUsername, String proxyPassword) {

        static final StorageSetting BUCKET = StorageSetting.of("bucket", "bucket uploads go to");
        // credentials_json is the config key; "credentials" is the request field's name
        static final StorageSetting CREDENTIALS = StorageSetting.of("credentials",
                "service account key JSON; empty = GOOGLE_APPLICATION_CREDENTIALS").asSecret()
                .withAlias("credentials_json");
        static final List<StorageSetting> DECLARED = Stream.concat(Stream.of(BUCKET, CREDENTIALS,
                NodeCredentials.ALLOWED), ProxySettings.ALL.stream()).toList();

        static GcsSettings of(StorageSettings settings) throws EgressException {
            Settings in = new Settings(BACKEND, settings);
            String bucket = in.get(BUCKET);
            if (bucket.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": bucket is not set");
            }
            String json = in.get(CREDENTIALS);
            String proxyUrl = in.get(ProxySettings.URL);
            if (!proxyUrl.isEmpty()) {
                URI uri;
                try {
                    uri = URI.create(proxyUrl);
                } catch (IllegalArgumentException e) {
                    throw in.invalid(ProxySettings.URL, "a URL such as http://proxy:3128");
                }
                if (uri.getHost() == null || uri.getScheme() == null) {
                    throw in.invalid(ProxySettings.URL, "a URL such as http://proxy:3128");
                }
            }
            if (settings.fromRequest() && !json.isEmpty() && !isServiceAccountKey(json)) {
                // Other credential files (external_account, ...) make the client read local files and call URLs
                // they name: a request could have the node send its files wherever it likes.
                throw new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: "
                        + "gcp.credentials (only service account keys are accepted)");
            }
            return new GcsSettings(json, settings.fromRequest(), bucket, proxyUrl, in.get(ProxySettings.USERNAME),
                    in.get(ProxySettings.PASSWORD));
        }

        private static boolean isServiceAccountKey(String json) {
            try {
                return "service_account".equals(JsonParser.parseString(json).getAsJsonObject().get("type")
                        .getAsString());
            } catch (RuntimeException notAnObjectWithAType) {
                return false;
            }
        }

        List<String> secrets() {
            return List.of(credentialsJson, proxyPassword);
        }
    }
}
