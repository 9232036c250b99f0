package io.egress4j.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/** A running relay started with {@link BranchControls#relay}. */
@ProviderType
public interface Relay extends AutoCloseable {

    /** Bytes the sink has taken so far: a stream whose count stops growing is stalled. */
    long bytesSent();

    /** Sends end-of-stream, waits up to {@code timeout} for the sink to take it, then stops the relay. */
    void finish(Duration timeout);

    /** Stops the relay at once. */
    @Override
    void close();

    /** What a relay reports. Called on a GStreamer thread: keep it short. */
    @ConsumerType
    @FunctionalInterface
    interface Listener {

        /** The sink failed (peer gone, connection reset); the relay delivers nothing more. */
        void failed(String error);
    }
}
