package io.egress4j.source.web;

import io.egress4j.api.VideoFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run Chromium for one capture.
 *
 * @param extraFlags {@code chrome_flags} from the config: switch name to value ("" for a bare switch)
 */
record BrowserSettings(String browserPath, String driverPath, int width, int height, boolean insecure,
                       boolean sandbox, Map<String, String> extraFlags) {

    /** Source option: disable web security ({@code insecure} in the config). */
    static final String INSECURE = "insecure";
    /** Source option: keep Chromium's sandbox on ({@code enable_chrome_sandbox}). */
    static final String SANDBOX = "enable_chrome_sandbox";
    /** Prefix of source options that carry {@code chrome_flags} entries. */
    static final String FLAG_PREFIX = "chrome_flag.";

    /** Debian's Chromium and its driver, given explicitly so Selenium never tries to download a browser. */
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static BrowserSettings from(Map<String, String> options, VideoFormat screen) {
        Map<String, String> flags = new HashMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(FLAG_PREFIX)) {
                flags.put(key.substring(FLAG_PREFIX.length()), value);
            }
        });
        return new BrowserSettings(CHROMIUM, CHROMEDRIVER, screen.width(), screen.height(),
                Boolean.parseBoolean(options.get(INSECURE)), Boolean.parseBoolean(options.get(SANDBOX)), flags);
    }
}
