package io.egress4j.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An output that sends to live destinations (RTMP, SRT) which can be added and removed while the egress runs. A
 * destination that fails is dropped on its own; the others and every other output keep going.
 */
@ConsumerType
public interface StreamBranch extends OutputBranch {

    /** Starts sending to {@code url} as well. */
    void add(String url) throws EgressException;

    /** Stops sending to {@code url}; it ends as FINISHED. */
    void remove(String url) throws EgressException;

    /** Every destination this branch has had, in the order they were added. */
    List<StreamState> streams();
}
