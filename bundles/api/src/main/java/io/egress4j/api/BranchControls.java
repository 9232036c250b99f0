package io.egress4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Live controls the core hands to an output branch once its pipeline plays (see
 * {@link OutputBranch#attached(BranchControls)}). They let outputs whose destinations come and go while the egress
 * runs (live streams) do so without rebuilding the pipeline.
 */
@ProviderType
public interface BranchControls {

    /**
     * Starts a relay: a small pipeline of its own that receives everything the branch's {@code appsink} named
     * {@code <entry>_tap} receives (see {@link OutputBranch#elements(String)}) (the stream headers first, then from the next keyframe on) and hands it to
     * {@code sinkElement}. Failures of the relay never reach the egress pipeline; they are reported to
     * {@code listener}. Blocks until the sink has started, which for network sinks means the peer accepted the
     * connection.
     *
     * @param sinkElement one sink element with its properties in launch syntax, e.g. {@code rtmp2sink location=...}
     * @throws EgressException when the sink cannot start; the message is the sink's own error
     */
    Relay relay(String sinkElement, Relay.Listener listener) throws EgressException;

    /** Tells the core that what the branch reports (e.g. a stream's status) changed, so it can publish it. */
    void resultsChanged();
}
