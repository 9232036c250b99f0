package io.egress4j.core.config;

import java.util.List;
import java.util.Map;

/**
 * {@code admin}: the Egress API (and console) that {@code egress serve} runs. The worker reads none of it; the keys
 * live here so that one file configures both.
 */
public class AdminConfig {
    /** Port of the Egress API; 0 = off. */
    public int port = 0;
    /** Loopback by default: the API starts recordings, so it is exposed only where the operator says. */
    public String bindAddress = "127.0.0.1";
    /** Where a standalone node keeps its egress records. */
    public String recordsDir = "egress-records";
    /** Custom room composite templates the console offers, name to base URL. */
    public Map<String, String> templates = Map.of();
    /** Console users besides the API keys, each with the output of {@code egress hash-password}. */
    public List<User> users = List.of();

    /** One console user. */
    public static class User {
        public String name = "";
        public String passwordHash = "";
    }
}
