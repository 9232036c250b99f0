package io.egress4j.source.web;

import io.egress4j.api.BrowserOptions;
import io.egress4j.api.VideoFormat;
import java.util.Map;

/**
 * How to run Chromium for one capture.
 *
 * @param extraFlags {@code chrome_flags} from the config: switch name to value ("" for a bare switch)
 */
record BrowserSettings(String browserPath, String driverPath, int width, int height, boolean insecure,
                       boolean sandbox, Map<String, String> extraFlags) {

    /** Debian's Chromium and its driver, given explicitly so Selenium never tries to download a browser. */
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static BrowserSettings from(BrowserOptions options, VideoFormat screen) {
        return new BrowserSettings(CHROMIUM, CHROMEDRIVER, screen.width(), screen.height(), options.insecure(),
                options.sandbox(), options.chromeFlags());
    }
}
