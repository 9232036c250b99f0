package io.egress4j.core.request;

import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels.WebhookConfig;

/**
 * Copies of requests that are safe to report: secrets are replaced by their field name in braces, the way upstream
 * redacts storage keys ({@code {secret}}), so EgressInfo, logs and the admin UI never carry them.
 */
public final class Redaction {

    private Redaction() {
    }

    public static WebEgressRequest redact(WebEgressRequest request) {
        WebEgressRequest.Builder copy = request.toBuilder();
        for (int i = 0; i < copy.getWebhooksCount(); i++) {
            copy.setWebhooks(i, redact(copy.getWebhooks(i)));
        }
        return copy.build();
    }

    private static WebhookConfig redact(WebhookConfig webhook) {
        return webhook.getSigningKey().isEmpty() ? webhook : webhook.toBuilder().setSigningKey("{signing_key}").build();
    }
}
