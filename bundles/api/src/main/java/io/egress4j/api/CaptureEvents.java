package io.egress4j.api;

import org.osgi.annotation.versioning.ProviderType;

/** How a running capture tells the core what happens on its side. Calls may come from any thread. */
@ProviderType
public interface CaptureEvents {

    /** Recording may begin: at once, or once the page signalled {@code START_RECORDING}. */
    void started();

    /** The source closed by itself (for example the page logged {@code END_RECORDING}). */
    void ended(String reason);

    /** The source broke; the egress fails but keeps what it already recorded. */
    void failed(EgressException error);
}
