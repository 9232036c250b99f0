package io.egress4j.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code webhook}: where {@code egress serve} sends LiveKit's egress webhooks, with livekit-server's keys. The worker
 * reads none of it.
 */
public class WebhookConfig {
    /** The API key whose secret signs the webhooks; empty = {@code api_key}. */
    public String apiKey = "";
    /** The receivers of every egress event. */
    public List<String> urls = new ArrayList<>();
}
