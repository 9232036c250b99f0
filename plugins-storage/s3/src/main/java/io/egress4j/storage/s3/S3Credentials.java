package io.egress4j.storage.s3;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Who S3 calls are signed as: static keys (with a session token when given) or the node's AWS default chain,
 * exchanged for an assumed role when one is set. A request that asks for a role without keys borrows the operator's
 * {@code s3_assume_role_key}/{@code secret}; without them that feature is off, as upstream.
 */
final class S3Credentials implements AutoCloseable {

    static final StorageSetting OPERATOR_KEY = StorageSetting.operator("s3_assume_role_key",
            "access key used to assume the role; empty = such requests are refused").asSecret();
    static final StorageSetting OPERATOR_SECRET = StorageSetting.operator("s3_assume_role_secret",
            "secret of s3_assume_role_key").asSecret();
    static final StorageSetting OPERATOR_ARN = StorageSetting.operator("s3_assume_role_arn",
            "role assumed when a request names none");
    static final StorageSetting OPERATOR_EXTERNAL_ID = StorageSetting.operator("s3_assume_role_external_id",
            "external ID used with s3_assume_role_arn").asSecret();
    static final List<StorageSetting> OPERATOR_SETTINGS =
            List.of(OPERATOR_KEY, OPERATOR_SECRET, OPERATOR_ARN, OPERATOR_EXTERNAL_ID);

    /** The keys an upload signs with, before any role is assumed; empty keys mean the default chain. */
    record Keys(String accessKey, String secret, String externalId) {
    }

    private final AwsCredentialsProvider base;
    private final StsClient sts;
    private final AwsCredentialsProvider signing;

    /**
     * The keys in effect. A request naming a role without keys gets the operator's, and their external ID unless it
     * set its own.
     *
     * @throws EgressException PermissionDenied when such a request finds no operator keys
     */
    static Keys keys(StorageSettings settings) throws EgressException {
        String accessKey = settings.get(S3Settings.ACCESS_KEY);
        String externalId = settings.get(S3Settings.ASSUME_ROLE_EXTERNAL_ID);
        boolean borrowsOperatorKeys = settings.fromRequest() && accessKey.isEmpty()
                && !settings.get(S3Settings.ASSUME_ROLE_ARN).isEmpty();
        if (!borrowsOperatorKeys) {
            return new Keys(accessKey, settings.get(S3Settings.SECRET), externalId);
        }
        if (settings.get(OPERATOR_KEY).isEmpty() || settings.get(OPERATOR_SECRET).isEmpty()) {
            throw new EgressException(Code.PERMISSION_DENIED,
                    "S3 upload using AssumeRole is disabled for this account");
        }
        return new Keys(settings.get(OPERATOR_KEY), settings.get(OPERATOR_SECRET),
                externalId.isEmpty() ? settings.get(OPERATOR_EXTERNAL_ID) : externalId);
    }

    S3Credentials(S3Settings s, SdkHttpClient http) {
        base = baseCredentials(s);
        if (s.assumeRoleArn().isEmpty()) {
            sts = null;
            signing = base;
            return;
        }
        // as upstream: the keys (or the default chain) sign the AssumeRole call; uploads use the role
        sts = StsClient.builder()
                .httpClient(http)
                .region(s.region())
                .credentialsProvider(base)
                .overrideConfiguration(c -> c.retryStrategy(S3Storage.retryStrategy(s)))
                .build();
        signing = StsAssumeRoleCredentialsProvider.builder()
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

    /** What S3 calls are signed with. */
    AwsCredentialsProvider provider() {
        return signing;
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

    @Override
    public void close() {
        if (signing != base && signing instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
        if (base instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
        if (sts != null) {
            sts.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }
}
