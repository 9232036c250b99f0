package io.egress4j.api;

/**
 * The entries of the {@code cpu_cost} configuration an egress type can be priced by. Types whose egress runs a
 * browser also take PulseAudio clients, which the core counts against the node's limit. Light egresses (no browser,
 * no transcoding) may share a handler process with others.
 */
public enum CostKey {
    /** {@code cpu_cost.web_cpu_cost} */
    WEB(true),
    /** {@code cpu_cost.audio_web_cpu_cost} */
    AUDIO_WEB(true),
    /** {@code cpu_cost.room_composite_cpu_cost} */
    ROOM_COMPOSITE(true),
    /** {@code cpu_cost.audio_room_composite_cpu_cost} */
    AUDIO_ROOM_COMPOSITE(true),
    /** {@code cpu_cost.sdk_audio_room_composite_cpu_cost}, with its own memory cost */
    SDK_AUDIO_ROOM_COMPOSITE(false),
    /** {@code cpu_cost.participant_cpu_cost} */
    PARTICIPANT(false),
    /** {@code cpu_cost.track_composite_cpu_cost} */
    TRACK_COMPOSITE(false),
    /** {@code cpu_cost.track_cpu_cost} */
    TRACK(false, true);

    private final boolean browser;
    private final boolean light;

    CostKey(boolean browser) {
        this(browser, false);
    }

    CostKey(boolean browser, boolean light) {
        this.browser = browser;
        this.light = light;
    }

    /**
     * Whether the egress is light enough to share a handler process with others of its kind: it neither runs a
     * browser nor transcodes, so a process holds many, and a native crash in it costs only those.
     */
    public boolean light() {
        return light;
    }

    /** Whether the egress runs a browser (and so its PulseAudio clients). */
    public boolean browser() {
        return browser;
    }
}
