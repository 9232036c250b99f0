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
}
