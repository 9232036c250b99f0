package io.egress4j.core.config;

/**
 * {@code handlers}: how the worker runs its egresses in handler processes (egress4j's own; upstream starts one process
 * per egress when it is requested).
 */
public class HandlersConfig {
    /**
     * Processes kept booted for egresses that run alone (web, room composite, participant, ...), so that one starts
     * without waiting for a JVM, nor for a browser when its request has the default screen size; each runs one
     * egress, then exits. Booted only while the node has a core to spare.
     */
    public int spares = 0;
    /**
     * Light egresses (track) one process runs over its life; 1 runs each in its own. A native crash ends at most this
     * many recordings.
     */
    public int lightEgressPerProcess = 16;
}
