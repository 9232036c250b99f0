package io.egress4j.storage.alioss;

import io.egress4j.storage.support.Errors;
import io.egress4j.storage.support.Locations;
import io.egress4j.storage.support.Settings;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectRequest;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;

/**
 * Uploads to Alibaba Cloud Object Storage Service with an AccessKey pair, as LiveKit Egress does (one PUT per file,
 * the Go SDK's 5 retries). With a {@code region} requests are signed with V4, otherwise with V1 as upstream's
 * {@code oss.New(endpoint, key, secret)}.
 */
@Component(property = Uploader.BACKEND + "=alioss")
public final class AliOssStorage implements Uploader {

    static final String BACKEND = "alioss";

    /** Adjusts the client configuration; only tests use it. */
    private final Consumer<ClientBuilderConfiguration> tuning;

    public AliOssStorage() {
        this(conf -> { });
    }

    AliOssStorage(Consumer<ClientBuilderConfiguration> tuning) {
        this.tuning = tuning;
    }

    @Override
    public List<StorageSetting> settings() {
        return Target.DECLARED;
    }

    @Override
    public Optional<String> requestUpload() {
        return Optional.of("livekit.AliOSSUpload");
    }

    @Override
    public void check(StorageSettings settings) throws EgressException {
        Target.of(settings);
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        Target t = Target.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        call(t, "upload " + key + " to", client -> {
            ObjectMetadata metadata = new ObjectMetadata();
            metadata.setContentType(contentType == null || contentType.isBlank()
                    ? "application/octet-stream" : contentType);
            return client.putObject(new PutObjectRequest(t.bucket(), key, file.toFile(), metadata));
        });
        return location(t.bucket(), t.endpoint(), key);
    }

    /** A presigned GET URL (V4 with a region, else V1), signed locally with the AccessKey pair. */
    @Override
    public Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings)
            throws EgressException {
        Target t = Target.of(settings);
        String key = Locations.trimLeadingSlashes(storagePath);
        return Optional.of(call(t, "sign a URL for " + key + " in", client -> client.generatePresignedUrl(
                t.bucket(), key, Date.from(Instant.now().plus(validity)))).toString());
    }

    /** The settings one call needs, checked, with the endpoint of the region when none is given. */
    private record Target(String accessKey, String secret, String region, String bucket, String endpoint) {

        static final StorageSetting BUCKET = StorageSetting.of("bucket", "bucket uploads go to");
        static final StorageSetting ACCESS_KEY = StorageSetting.of("access_key", "AccessKey ID").asSecret();
        static final StorageSetting SECRET = StorageSetting.of("secret", "AccessKey secret").asSecret();
        static final StorageSetting REGION = StorageSetting.of("region", "e.g. cn-hangzhou; signs with V4 when set");
        static final StorageSetting ENDPOINT = StorageSetting.of("endpoint", "empty = the region's public endpoint");
        static final List<StorageSetting> DECLARED = List.of(BUCKET, ACCESS_KEY, SECRET, REGION, ENDPOINT);

        static Target of(StorageSettings settings) throws EgressException {
            Settings in = new Settings(BACKEND, settings);
            String accessKey = in.get(ACCESS_KEY);
            String secret = in.get(SECRET);
            String region = in.get(REGION);
            String bucket = in.get(BUCKET);
            String endpoint = in.get(ENDPOINT);
            if (bucket.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": bucket is not set");
            }
            if (accessKey.isEmpty() || secret.isEmpty()) {
                throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": access_key and secret must be set");
            }
            region = region.startsWith("oss-") ? region.substring(4) : region;
            if (endpoint.isEmpty()) {
                if (region.isEmpty()) {
                    throw new EgressException(Code.INVALID_ARGUMENT, BACKEND + ": endpoint is not set");
                }
                // the public endpoint of the region, e.g. oss-cn-hangzhou.aliyuncs.com
                endpoint = "oss-" + region + ".aliyuncs.com";
            }
            return new Target(accessKey, secret, region, bucket, endpoint);
        }
    }

    /** One use of an OSS client. */
    @FunctionalInterface
    private interface OssCall<T> {
        T apply(OSS client);
    }

    /** Builds a client, runs {@code call}, shuts the client down; failures name the action and the bucket. */
    private <T> T call(Target t, String action, OssCall<T> call) throws EgressException {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setMaxErrorRetry(5);
        conf.setConnectionTimeout(10_000);
        if (!t.region().isEmpty()) {
            conf.setSignatureVersion(SignVersion.V4);
        }
        tuning.accept(conf);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // commons-logging (used by the SDK's HTTP client) discovers its implementation through the context loader
        Thread.currentThread().setContextClassLoader(AliOssStorage.class.getClassLoader());
        OSS client = null;
        try {
            OSSClientBuilder.OSSClientBuilderImpl builder = OSSClientBuilder.create()
                    .endpoint(Locations.withScheme(t.endpoint()))
                    .credentialsProvider(new DefaultCredentialProvider(t.accessKey(), t.secret()))
                    .clientConfiguration(conf);
            if (!t.region().isEmpty()) {
                builder.region(t.region());
            }
            client = builder.build();
            return call.apply(client);
        } catch (OSSException e) {
            // the raw response can quote the string the client signed: only the code and message are shown
            throw new EgressException(code(e.getErrorCode()), BACKEND + ": cannot " + action + " bucket "
                    + t.bucket() + ": " + Errors.redact(e.getErrorCode() + ": " + e.getErrorMessage(),
                    List.of(t.secret())));
        } catch (ClientException | IllegalArgumentException e) {
            throw new EgressException(e instanceof ClientException ? Code.UNAVAILABLE : Code.INVALID_ARGUMENT,
                    BACKEND + ": cannot " + action + " bucket " + t.bucket() + ": "
                            + Errors.redact(Errors.describe(e), List.of(t.secret())));
        } finally {
            if (client != null) {
                client.shutdown();
            }
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Upstream's location: {@code https://<bucket>.<endpoint host>/<key>}. */
    static String location(String bucket, String endpoint, String key) {
        return "https://" + bucket + "." + Locations.stripScheme(endpoint) + "/"
                + Locations.escapePath(Locations.trimLeadingSlashes(key));
    }

    private static Code code(String errorCode) {
        if (errorCode == null) {
            return Code.UNAVAILABLE;
        }
        return switch (errorCode) {
            case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken" ->
                    Code.PERMISSION_DENIED;
            case "NoSuchBucket" -> Code.NOT_FOUND;
            case "InvalidArgument", "InvalidBucketName", "InvalidObjectName", "EntityTooLarge" ->
                    Code.INVALID_ARGUMENT;
            case "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestTimeout" -> Code.UNAVAILABLE;
            default -> Code.INTERNAL;
        };
    }
}
