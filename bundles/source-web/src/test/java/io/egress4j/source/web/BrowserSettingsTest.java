package io.egress4j.source.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.BrowserOptions;
import io.egress4j.api.VideoFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserSettingsTest {

    @Test
    void readsConfigOptions() {
        BrowserSettings settings = BrowserSettings.from(new BrowserOptions(true, false,
                Map.of("lang", "de", "mute-audio", "")), new VideoFormat(1920, 1080, 24, 30));
        assertTrue(settings.insecure());
        assertFalse(settings.sandbox());
        assertEquals(1920, settings.width());
        assertEquals(Map.of("lang", "de", "mute-audio", ""), settings.extraFlags());
    }
}
