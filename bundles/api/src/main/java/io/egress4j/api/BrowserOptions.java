package io.egress4j.api;

import java.util.Map;

/**
 * How a browser source runs Chromium, from the configuration.
 *
 * @param insecure    {@code insecure}: accept invalid certificates and mixed content
 * @param sandbox     {@code enable_chrome_sandbox}
 * @param chromeFlags {@code chrome_flags}: extra switches, by name, with their values (empty for none)
 */
public record BrowserOptions(boolean insecure, boolean sandbox, Map<String, String> chromeFlags) {

    public BrowserOptions {
        chromeFlags = Map.copyOf(chromeFlags);
    }
}
