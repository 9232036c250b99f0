package io.egress4j.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code logging}. */
public class LoggingConfig {
    /** debug, info, warn or error. */
    public String level = "info";
    public boolean json = false;
    /** Throttle repeated log lines. */
    public boolean sample = false;
    /** Per-component levels, component name to level. */
    public Map<String, String> componentLevels = new LinkedHashMap<>();
    // sampling: first N lines per second, then every Mth; the item_* keys do the same per participant/track
    public int sampleInitial = 0;
    public int sampleInterval = 0;
    public int itemSampleSeconds = 0;
    public int itemSampleInitial = 0;
    public int itemSampleInterval = 0;
}
