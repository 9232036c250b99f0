package io.egress4j.storage.s3;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.storage.support.NodeCredentials;
import io.egress4j.storage.support.Locations;
import io.egress4j.storage.support.ProxySettings;
import io.egress4j.storage.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;

/** The settings S3 declares (upstream's keys) and the values one call reads from them, with upstream's defaults. */
record S3Settings(String accessKey, String secret, String sessionToken, String assumeRoleArn,
                  String assumeRoleExternalId, String regionSetting, Region region, String endpoint, String bucket,
                  boolean forcePathStyle, Map<String, String> metadata, String tagging, String contentDisposition,
                  String proxyUrl, String proxyUsername, String proxyPassword, int maxRetries,
                  Duration minRetryDelay, Duration maxRetryDelay) {

    static final StorageSetting ACCESS_KEY = StorageSetting.of("access_key", "access key ID").asSecret();
    static final StorageSetting SECRET = StorageSetting.of("secret", "secret access key").asSecret();
    static final StorageSetting SESSION_TOKEN = StorageSetting.of("session_token", "session token of temporary keys")
            .asSecret();
    /** Names the account, which LiveKit's schema counts as personal data: not shown either. */
    static final StorageSetting ASSUME_ROLE_ARN = StorageSetting.of("assume_role_arn",
            "role assumed with the keys above before uploading").asSecret();
    static final StorageSetting ASSUME_ROLE_EXTERNAL_ID = StorageSetting.of("assume_role_external_id",
            "external ID for the assumed role").asSecret();
    static final StorageSetting REGION = StorageSetting.of("region", "empty = AWS_REGION, else us-east-1");
    static final StorageSetting ENDPOINT = StorageSetting.of("endpoint", "S3-compatible service URL");
    static final StorageSetting BUCKET = StorageSetting.of("bucket", "bucket uploads go to");
    static final StorageSetting FORCE_PATH_STYLE = StorageSetting.of("force_path_style",
            "address the bucket in the path, not the host name");
    static final StorageSetting METADATA = StorageSetting.keyed("metadata", "object metadata added to every upload");
    static final StorageSetting TAGGING = StorageSetting.of("tagging", "object tags, key1=value1&key2=value2");
    static final StorageSetting CONTENT_DISPOSITION = StorageSetting.of("content_disposition", "empty = inline");
    static final StorageSetting MAX_RETRIES = StorageSetting.of("max_retries", "attempts per request; 0 = 5");
    static final StorageSetting MAX_RETRY_DELAY = StorageSetting.of("max_retry_delay", "longest backoff; 0 = 5s");
    static final StorageSetting MIN_RETRY_DELAY = StorageSetting.of("min_retry_delay", "first backoff; 0 = 100ms");
    static final StorageSetting AWS_LOG_LEVEL = StorageSetting.of("aws_log_level",
            "accepted as upstream's; the SDK logs through logging.level");

    static final List<StorageSetting> DECLARED = Stream.concat(Stream.of(BUCKET, ACCESS_KEY, SECRET, SESSION_TOKEN,
                    ASSUME_ROLE_ARN, ASSUME_ROLE_EXTERNAL_ID, REGION, ENDPOINT, FORCE_PATH_STYLE, METADATA,
                    TAGGING, CONTENT_DISPOSITION, MAX_RETRIES, MAX_RETRY_DELAY, MIN_RETRY_DELAY, AWS_LOG_LEVEL),
            Stream.concat(ProxySettings.ALL.stream(), Stream.concat(S3Credentials.OPERATOR_SETTINGS.stream(),
                    Stream.of(NodeCredentials.ALLOWED)))).toList();

    static S3Settings of(StorageSettings settings) throws EgressException {
        Settings in = new Settings(S3Storage.BACKEND, settings);
        S3Credentials.Keys keys = S3Credentials.keys(settings);
        if (in.get(BUCKET).isEmpty()) {
            throw new EgressException(Code.INVALID_ARGUMENT, S3Storage.BACKEND + ": bucket is not set");
        }
        String region = in.get(REGION);
        String effectiveRegion = region;
        if (effectiveRegion.isEmpty()) {
            effectiveRegion = System.getenv().getOrDefault("AWS_REGION",
                    System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        }
        String endpoint = in.get(ENDPOINT);
        if (!endpoint.isEmpty() && !isUrl(Locations.withScheme(endpoint))) {
            throw in.invalid(ENDPOINT, "a URL such as https://s3.example.com");
        }
        String proxyUrl = in.get(ProxySettings.URL);
        if (!proxyUrl.isEmpty() && !isUrl(proxyUrl)) {
            throw in.invalid(ProxySettings.URL, "a URL such as http://proxy:3128");
        }
        String disposition = in.get(CONTENT_DISPOSITION);
        return new S3Settings(keys.accessKey(), keys.secret(), in.get(SESSION_TOKEN), in.get(ASSUME_ROLE_ARN),
                keys.externalId(), region, Region.of(effectiveRegion), endpoint, in.get(BUCKET),
                in.bool(FORCE_PATH_STYLE), in.keyed(METADATA), in.get(TAGGING),
                disposition.isEmpty() ? "inline" : disposition, proxyUrl, in.get(ProxySettings.USERNAME),
                in.get(ProxySettings.PASSWORD), in.positiveInt(MAX_RETRIES, 5),
                in.duration(MIN_RETRY_DELAY, Duration.ofMillis(100)),
                in.duration(MAX_RETRY_DELAY, Duration.ofSeconds(5)));
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Values that must never appear in an error message. */
    List<String> secrets() {
        return List.of(secret, sessionToken, proxyPassword);
    }
}
