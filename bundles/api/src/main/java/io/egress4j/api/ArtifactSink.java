package io.egress4j.api;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Where an output hands the artifacts it finishes while the egress runs (segments, playlists, images). The core
 * stores them on the egress's storage with its retry and backup rules, and lists them in the egress's manifest.
 */
@FunctionalInterface
public interface ArtifactSink {

    /**
     * Stores {@code file} at {@code storagePath} (relative to the output's storage) and returns its location.
     * Blocks until it is stored; call it off the media threads.
     */
    String store(Path file, String storagePath, String contentType) throws EgressException;

    /**
     * {@link #store(Path, String, String)} for an artifact taken at a moment of the recording (an image): the
     * manifest lists it with that time.
     *
     * @since 1.2
     */
    default String store(Path file, String storagePath, String contentType, Instant takenAt) throws EgressException {
        return store(file, storagePath, contentType);
    }
}
