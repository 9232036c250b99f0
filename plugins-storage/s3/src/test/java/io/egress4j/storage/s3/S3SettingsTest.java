package io.egress4j.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egress4j.api.EgressException;
import io.egress4j.api.StorageSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3's settings as the config writes them: upstream's defaults, and the config's spellings of nested keys. */
class S3SettingsTest {

    @Test
    void zeroMeansTheDefaultAsUpstreamSays() throws EgressException {
        S3Settings s = S3Settings.of(StorageSettings.of(S3Settings.DECLARED,
                Map.of("bucket", "b", "max_retries", "0", "min_retry_delay", "0s")));
        assertEquals(5, s.maxRetries());
        assertEquals(Duration.ofMillis(100), s.minRetryDelay());
        assertEquals(Duration.ofSeconds(5), s.maxRetryDelay());
        assertEquals("inline", s.contentDisposition());
    }

    @Test
    void proxyConfigAndMetadataReadAsTheRequestWritesThem() throws EgressException {
        S3Settings s = S3Settings.of(StorageSettings.of(S3Settings.DECLARED, Map.of("bucket", "b",
                "proxy_config.url", "http://proxy:3128", "metadata.team", "media")));
        assertEquals("http://proxy:3128", s.proxyUrl());
        assertEquals(Map.of("team", "media"), s.metadata());
    }

    @Test
    void everyFieldLiveKitsSchemaMarksSensitiveIsDeclaredSecret() {
        // S3Upload: access_key, secret, session_token, assume_role_external_id (secrets), assume_role_arn (PII);
        // ProxyConfig: password. Secret settings are what EgressInfo, logs and errors never show.
        for (String name : java.util.List.of("access_key", "secret", "session_token", "assume_role_external_id",
                "assume_role_arn", "proxy.password")) {
            org.junit.jupiter.api.Assertions.assertTrue(S3Settings.DECLARED.stream()
                    .anyMatch(setting -> setting.name().equals(name) && setting.secret()), name);
        }
    }

    @Test
    void aRequestWithoutKeysUsesTheNodesCredentialsOnlyWhenTheOperatorAllowsIt() throws EgressException {
        S3Storage s3 = new S3Storage();
        java.util.Map<String, String> noKeys = Map.of("bucket", "b", "region", "eu-west-1");
        EgressException refused = org.junit.jupiter.api.Assertions.assertThrows(EgressException.class,
                () -> s3.check(StorageSettings.ofRequest(S3Settings.DECLARED, noKeys, Map.of())));
        org.junit.jupiter.api.Assertions.assertEquals("request has missing or invalid field: s3.access_key (this node"
                + " lends its own credentials to no request; its operator can allow that with allow_node_credentials)",
                refused.getMessage());
        s3.check(StorageSettings.ofRequest(S3Settings.DECLARED, noKeys, Map.of("allow_node_credentials", "true")));
        s3.check(StorageSettings.of(S3Settings.DECLARED, noKeys)); // the operator's own storage section
        s3.check(StorageSettings.ofRequest(S3Settings.DECLARED, Map.of("bucket", "b", "region", "eu-west-1",
                "access_key", "K", "secret", "S"), Map.of()));
    }
}
