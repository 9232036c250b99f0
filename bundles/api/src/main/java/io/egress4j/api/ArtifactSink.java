package io.egress4j.api;

import java.nio.file.Path;

/**
 * Where an output hands the artifacts it finishes while the egress runs (segments, playlists, images). The core
 * stores them on the egress's storage with its retry and backup rules.
 */
@FunctionalInterface
public interface ArtifactSink {

    /**
     * Stores {@code file} at {@code storagePath} (relative to the output's storage) and returns its location.
     * Blocks until it is stored; call it off the media threads.
     */
    String store(Path file, String storagePath, String contentType) throws EgressException;
}
