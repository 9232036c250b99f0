package io.egress4j.api;

import java.nio.file.Path;
import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where an output hands the artifacts it finishes while the egress runs (segments, playlists, images). The core
 * stores them on the egress's storage with its retry and backup rules, and lists them in the egress's manifest.
 */
@ProviderType
public interface ArtifactSink {

    /**
     * Stores {@code file} at {@code storagePath} (relative to the output's storage) and returns its location.
     * Blocks until it is stored; call it off the media threads, e.g. from a {@link #enqueue queued job}.
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

    /**
     * Runs {@code job} on this output's storing thread, after the jobs queued before it, and returns at once: how an
     * output stores from the media threads. The queue is bounded (the config's {@code max_upload_queue}), so a
     * storage that cannot keep up fails the output instead of filling the disk: when the queue is full, or once a
     * job failed, the output has failed, later jobs do not run, and the core reports the first failure once the
     * queue drained at the end, before {@link OutputBranch#finish()}.
     */
    void enqueue(Job job);

    /** Work that stores artifacts, e.g. a closed segment and then the playlist that lists it. */
    @FunctionalInterface
    interface Job {

        /** @throws EgressException the output failed; the message becomes the egress's error */
        void run() throws EgressException;
    }
}
