package io.egress4j.storage.s3;

import io.egress4j.storage.support.NodeCredentials;
import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Locations;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Uploads to Amazon S3 or an S3-compatible service, the way LiveKit Egress does: static keys (or the AWS default
 * credential chain), optionally exchanged for an assumed role; {@code Content-Disposition: inline} unless told
 * otherwise; object metadata and tags; multipart for large files; the SDK's standard retries (5 attempts, 100 ms to
 * 5 s, also on HTTP 409 and 429).
 */
@Component(property = Uploader.BACKEND + "=s3")
public final class S3Storage implements Uploader {

    static final String BACKEND = "s3";
    static final String OCTET_STREAM = "application/octet-stream";

    /** Sees every request the S3 client sends; only tests set it. */
    private final ExecutionInterceptor observer;

    public S3Storage() {
        this(null);
    }

    S3Storage(ExecutionInterceptor observer) {
        this.observer = observer;
    }

    @Override
    public List<StorageSetting> settings() {
        return S3Settings.DECLARED;
    }

    @Override
    public Optional<String> requestUpload() {
        return Optional.of("livekit.S3Upload");
    }

    /** Refuses, before the egress starts, what no upload could get past (bad URLs, a role without keys). */
    @Override
    public void check(StorageSettings settings) throws EgressException {
        S3Settings s = S3Settings.of(settings);
        if (s.accessKey().isEmpty()) {
            NodeCredentials.requireKeysOrConsent(settings, "s3.access_key");
        }
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        S3Settings s = S3Settings.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        try (Session session = new Session(s); S3Client client = client(s, session.http, session.credentials.provider())) {
            long size = Files.size(file);
            if (size > S3MultipartUpload.THRESHOLD) {
                S3MultipartUpload.upload(client, s, file, size, key, contentType(contentType));
            } else {
                client.putObject(put(s, key, contentType), RequestBody.fromFile(file));
            }
            return location(s.bucket(), s.endpoint(), s.forcePathStyle(), key);
        } catch (IOException | RuntimeException e) {
            throw failure(s, "upload " + key + " to", e);
        }
    }

    /**
     * A SigV4 presigned GET URL (at most 7 days, S3's limit), signed locally with the same credentials as uploads.
     * With temporary credentials (a session token, or an assumed role) the URL carries the session token and stops
     * working when those credentials expire.
     */
    @Override
    public Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings)
            throws EgressException {
        S3Settings s = S3Settings.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        try (Session session = new Session(s)) {
            S3Presigner.Builder builder = S3Presigner.builder()
                    .region(s.region())
                    .credentialsProvider(session.credentials.provider())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.forcePathStyle()).build());
            if (!s.endpoint().isEmpty()) {
                builder.endpointOverride(URI.create(Locations.withScheme(s.endpoint())));
            }
            try (S3Presigner presigner = builder.build()) {
                return Optional.of(presigner.presignGetObject(r -> r.signatureDuration(validity)
                        .getObjectRequest(get -> get.bucket(s.bucket()).key(key))).url().toString());
            }
        } catch (RuntimeException e) {
            throw failure(s, "sign a URL for " + key + " in", e);
        }
    }

    /**
     * What one call needs: the HTTP client and the credentials. Sets the bundle's class loader as the context class
     * loader meanwhile: the SDK finds its execution interceptors and some providers through it.
     */
    private static final class Session implements AutoCloseable {
        private final ClassLoader previous = Thread.currentThread().getContextClassLoader();
        private final SdkHttpClient http;
        private final S3Credentials credentials;

        Session(S3Settings s) {
            Thread.currentThread().setContextClassLoader(S3Storage.class.getClassLoader());
            try {
                http = httpClient(s);
                credentials = new S3Credentials(s, http);
            } catch (RuntimeException e) {
                Thread.currentThread().setContextClassLoader(previous);
                throw e;
            }
        }

        @Override
        public void close() {
            credentials.close();
            http.close();
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Upstream's location: {@code https://<bucket>.s3.amazonaws.com/<key>}; with an endpoint
     * {@code https://<bucket>.<endpoint host>/<key>}; path-style {@code <endpoint>/<bucket>/<key>} (the endpoint keeps
     * its scheme, https when it has none; AWS's endpoint when none is set).
     */
    static String location(String bucket, String endpoint, boolean forcePathStyle, String key) {
        String path = Locations.escapePath(Locations.trimLeadingSlashes(key));
        if (forcePathStyle) {
            String base = endpoint.isEmpty() ? "https://s3.amazonaws.com" : Locations.withScheme(endpoint);
            return base + "/" + Locations.escapePath(bucket) + "/" + path;
        }
        String host = endpoint.isEmpty() ? "s3.amazonaws.com" : Locations.stripScheme(endpoint);
        return "https://" + bucket + "." + host + "/" + path;
    }

    private static SdkHttpClient httpClient(S3Settings s) {
        ApacheHttpClient.Builder builder = ApacheHttpClient.builder()
                .maxConnections(S3MultipartUpload.PART_CONCURRENCY * 2)
                .connectionTimeout(Duration.ofSeconds(10));
        ProxyConfiguration.Builder proxy = ProxyConfiguration.builder()
                .useSystemPropertyValues(false)
                .useEnvironmentVariableValues(false);
        if (!s.proxyUrl().isEmpty()) {
            proxy.endpoint(URI.create(s.proxyUrl()));
            if (!s.proxyUsername().isEmpty()) {
                proxy.username(s.proxyUsername()).password(s.proxyPassword())
                        .preemptiveBasicAuthenticationEnabled(true);
            }
        }
        return builder.proxyConfiguration(proxy.build()).build();
    }

    static RetryStrategy retryStrategy(S3Settings s) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(s.maxRetries())
                .backoffStrategy(BackoffStrategy.exponentialDelay(s.minRetryDelay(), s.maxRetryDelay()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(s.minRetryDelay(), s.maxRetryDelay()))
                // as upstream: also retry conflicts and "too many requests"
                .retryOnException(t -> t instanceof SdkServiceException e
                        && (e.statusCode() == 409 || e.statusCode() == 429))
                .build();
    }

    private S3Client client(S3Settings s, SdkHttpClient http, AwsCredentialsProvider credentials) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(s));
        if (observer != null) {
            override.addExecutionInterceptor(observer);
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .region(s.region())
                .credentialsProvider(credentials)
                .forcePathStyle(s.forcePathStyle())
                .overrideConfiguration(override.build());
        if (s.endpoint().isEmpty()) {
            // upstream asks AWS for the bucket's region when none is configured; the SDK follows the redirect itself
            builder.crossRegionAccessEnabled(s.regionSetting().isEmpty());
        } else {
            builder.endpointOverride(URI.create(Locations.withScheme(s.endpoint())));
            // S3-compatible services (Oracle, R2, MinIO...) often reject the newer checksum trailers, as upstream
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static PutObjectRequest put(S3Settings s, String key, String contentType) {
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(s.bucket())
                .key(key)
                .contentType(contentType(contentType))
                .contentDisposition(s.contentDisposition());
        if (!s.metadata().isEmpty()) {
            put.metadata(s.metadata());
        }
        if (!s.tagging().isEmpty()) {
            put.tagging(s.tagging());
        }
        return put.build();
    }

    private static String contentType(String contentType) {
        return contentType == null || contentType.isBlank() ? OCTET_STREAM : contentType;
    }

    private static EgressException failure(S3Settings s, String action, Exception e) {
        Code code = Code.UNAVAILABLE;
        if (e instanceof SdkServiceException service) {
            code = Errors.codeForStatus(service.statusCode());
        } else if (e instanceof UncheckedIOException || e instanceof IOException
                || !(e instanceof SdkException)) {
            code = Code.INTERNAL;
        }
        String cause = Errors.redact(Errors.describe(e), s.secrets());
        // The SDK exception is not attached: its cause chain may carry request details; the message says enough.
        return new EgressException(code, BACKEND + ": cannot " + action + " bucket " + s.bucket() + ": " + cause);
    }
}
