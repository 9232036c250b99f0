package io.egress4j.storage.s3;

import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Locations;
import io.egress4j.storage.support.Settings;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Uploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Uploads to Amazon S3 or an S3-compatible service, the way LiveKit Egress does: static keys (or the AWS default
 * credential chain), optionally exchanged for an assumed role; {@code Content-Disposition: inline} unless told
 * otherwise; object metadata and tags; multipart for large files; the SDK's standard retries (5 attempts, 100 ms to
 * 5 s, also on HTTP 409 and 429).
 */
@Component(property = Uploader.BACKEND + "=s3")
public final class S3Storage implements Uploader {

    static final String BACKEND = "s3";
    /** Files larger than this are uploaded in parts. */
    static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    static final long MIN_PART_SIZE = 8L * 1024 * 1024;
    /** S3 allows at most 10,000 parts per upload. */
    static final int MAX_PARTS = 10_000;
    /** Parts uploaded at the same time (the Go SDK's upload manager uses 5 too). */
    static final int PART_CONCURRENCY = 5;
    private static final String OCTET_STREAM = "application/octet-stream";

    /** Sees every request the S3 client sends; only tests set it. */
    private final ExecutionInterceptor observer;

    public S3Storage() {
        this(null);
    }

    S3Storage(ExecutionInterceptor observer) {
        this.observer = observer;
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, Map<String, String> settings)
            throws EgressException {
        S3Settings s = S3Settings.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        try (Session session = new Session(s); S3Client client = client(s, session.http, session.credentials)) {
            long size = Files.size(file);
            if (size > MULTIPART_THRESHOLD) {
                multipart(client, s, file, size, key, contentType);
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
    public Optional<String> presignedUrl(String storagePath, Duration validity, Map<String, String> settings)
            throws EgressException {
        S3Settings s = S3Settings.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        try (Session session = new Session(s)) {
            S3Presigner.Builder builder = S3Presigner.builder()
                    .region(s.region())
                    .credentialsProvider(session.credentials)
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
     * What one call needs: the HTTP client, and the credentials — static keys or the AWS default chain, exchanged
     * for an assumed role when one is set. Sets the bundle's class loader as the context class loader meanwhile: the
     * SDK finds its execution interceptors and some providers through it.
     */
    private static final class Session implements AutoCloseable {
        private final ClassLoader previous = Thread.currentThread().getContextClassLoader();
        private final SdkHttpClient http;
        private final AwsCredentialsProvider base;
        private final StsClient sts;
        private final AwsCredentialsProvider credentials;

        Session(S3Settings s) {
            Thread.currentThread().setContextClassLoader(S3Storage.class.getClassLoader());
            try {
                http = httpClient(s);
                base = baseCredentials(s);
            } catch (RuntimeException e) {
                Thread.currentThread().setContextClassLoader(previous);
                throw e;
            }
            if (s.assumeRoleArn().isEmpty()) {
                sts = null;
                credentials = base;
                return;
            }
            // as upstream: the keys (or the default chain) sign the AssumeRole call; uploads use the role
            sts = StsClient.builder()
                    .httpClient(http)
                    .region(s.region())
                    .credentialsProvider(base)
                    .overrideConfiguration(c -> c.retryStrategy(retryStrategy(s)))
                    .build();
            credentials = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> {
                        r.roleArn(s.assumeRoleArn()).roleSessionName("egress4j");
                        if (!s.assumeRoleExternalId().isEmpty()) {
                            r.externalId(s.assumeRoleExternalId());
                        }
                    })
                    .asyncCredentialUpdateEnabled(false)
                    .build();
        }

        @Override
        public void close() {
            if (credentials != base && credentials instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            if (base instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            if (sts != null) {
                sts.close();
            }
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
                .maxConnections(PART_CONCURRENCY * 2)
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

    private static AwsCredentialsProvider baseCredentials(S3Settings s) {
        if (!s.accessKey().isEmpty() && !s.secret().isEmpty()) {
            AwsCredentials keys = s.sessionToken().isEmpty()
                    ? AwsBasicCredentials.create(s.accessKey(), s.secret())
                    : AwsSessionCredentials.create(s.accessKey(), s.secret(), s.sessionToken());
            return StaticCredentialsProvider.create(keys);
        }
        return DefaultCredentialsProvider.builder().build();
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

    static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024 * 1024;
        return Math.max(MIN_PART_SIZE, (needed + mib - 1) / mib * mib);
    }

    private static void multipart(S3Client client, S3Settings s, Path file, long size, String key, String contentType)
            throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(s.bucket())
                .key(key)
                .contentType(contentType(contentType))
                .contentDisposition(s.contentDisposition());
        if (!s.metadata().isEmpty()) {
            create.metadata(s.metadata());
        }
        if (!s.tagging().isEmpty()) {
            create.tagging(s.tagging());
        }
        String uploadId = client.createMultipartUpload(create.build()).uploadId();
        long partSize = partSize(size);
        int parts = (int) ((size + partSize - 1) / partSize);
        ClassLoader loader = S3Storage.class.getClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PART_CONCURRENCY, parts), r -> {
            Thread t = new Thread(r, "s3-upload-part");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        boolean completed = false;
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                futures.add(pool.submit(() -> {
                    UploadPartRequest request = UploadPartRequest.builder()
                            .bucket(s.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength(length)
                            .build();
                    String etag = client.uploadPart(request,
                            RequestBody.fromContentProvider(slice(file, offset, length), length,
                                    OCTET_STREAM)).eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> done = new ArrayList<>(parts);
            for (Future<CompletedPart> future : futures) {
                done.add(await(future));
            }
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                    .bucket(s.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build())
                    .build());
            completed = true;
        } finally {
            pool.shutdownNow();
            if (!completed) {
                try {
                    client.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                            .bucket(s.bucket()).key(key).uploadId(uploadId).build());
                } catch (SdkException ignored) {
                    // the original failure is what matters; S3 lifecycle rules clean up stray parts
                }
            }
        }
    }

    private static CompletedPart await(Future<CompletedPart> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw sdk;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw SdkClientException.create(String.valueOf(cause), cause);
        }
    }

    /** A part of the file, re-read from disk on every (re)try, so no part is buffered in memory. */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(offset);
                return new BoundedInputStream(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }

    /** The settings this backend reads, with upstream's defaults. */
    record S3Settings(String accessKey, String secret, String sessionToken, String assumeRoleArn,
                      String assumeRoleExternalId, String regionSetting, Region region, String endpoint,
                      String bucket, boolean forcePathStyle, Map<String, String> metadata, String tagging,
                      String contentDisposition, String proxyUrl, String proxyUsername, String proxyPassword,
                      int maxRetries, Duration minRetryDelay, Duration maxRetryDelay) {

        static S3Settings of(Map<String, String> settings) throws EgressException {
            Settings in = new Settings(BACKEND, settings);
            String bucket = in.get("bucket");
            if (bucket.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": bucket is not set");
            }
            String region = in.get("region");
            String effectiveRegion = region;
            if (effectiveRegion.isEmpty()) {
                effectiveRegion = System.getenv().getOrDefault("AWS_REGION",
                        System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            settings.forEach((k, v) -> {
                if (k.startsWith("metadata.") && v != null) {
                    metadata.put(k.substring("metadata.".length()), v);
                }
            });
            String endpoint = in.get("endpoint");
            if (!endpoint.isEmpty() && !isUrl(Locations.withScheme(endpoint))) {
                throw in.invalid("endpoint", "a URL such as https://s3.example.com");
            }
            String proxyUrl = in.get("proxy.url");
            if (!proxyUrl.isEmpty() && !isUrl(proxyUrl)) {
                throw in.invalid("proxy.url", "a URL such as http://proxy:3128");
            }
            String disposition = in.get("content_disposition");
            return new S3Settings(in.get("access_key"), in.get("secret"), in.get("session_token"),
                    in.get("assume_role_arn"), in.get("assume_role_external_id"), region,
                    Region.of(effectiveRegion), endpoint, bucket, in.bool("force_path_style"), metadata,
                    in.get("tagging"), disposition.isEmpty() ? "inline" : disposition, proxyUrl,
                    in.get("proxy.username"), in.get("proxy.password"), in.positiveInt("max_retries", 5),
                    in.duration("min_retry_delay", Duration.ofMillis(100)),
                    in.duration("max_retry_delay", Duration.ofSeconds(5)));
        }

        private static boolean isUrl(String value) {
            try {
                URI uri = new URI(value);
                return uri.getScheme() != null && uri.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }

        /** Values that must never appear in an error message. */
        List<String> secrets() {
            return List.of(secret, sessionToken, proxyPassword);
        }
    }
}
