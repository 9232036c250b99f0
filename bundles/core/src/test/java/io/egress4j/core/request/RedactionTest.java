package io.egress4j.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels.WebhookConfig;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void webhookSigningKeysNeverReachTheReport() {
        WebEgressRequest request = WebEgressRequest.newBuilder().setUrl("https://example.com/")
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://hooks/").setSigningKey("s3cr3t"))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://other/"))
                .build();
        WebEgressRequest redacted = Redaction.redact(request);
        assertEquals("{signing_key}", redacted.getWebhooks(0).getSigningKey());
        assertEquals("https://hooks/", redacted.getWebhooks(0).getUrl());
        assertEquals("", redacted.getWebhooks(1).getSigningKey());
        assertEquals("s3cr3t", request.getWebhooks(0).getSigningKey(), "the original is untouched");
    }
}
