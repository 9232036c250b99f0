package io.egress4j.core.job;

import io.egress4j.api.ArtifactSink;
import io.egress4j.api.EgressException;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.core.storage.StorageTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link ArtifactSink} of one output: stores on that output's storage (retries, backup), lists what it stored in
 * the manifest, and runs the output's queued jobs on a {@link StoringQueue} of its own.
 */
final class OutputArtifacts implements ArtifactSink {

    /** How long the artifacts still queued at the end may take to be stored. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private final ArtifactStore store;
    private final StorageTarget target;
    private final Manifest.Listing listing;
    private final EgressInfoTracker tracker;
    private final StoringQueue queue;

    OutputArtifacts(ArtifactStore store, StorageTarget target, Manifest.Listing listing, EgressInfoTracker tracker,
                    StoringQueue queue) {
        this.store = store;
        this.target = target;
        this.listing = listing;
        this.tracker = tracker;
        this.queue = queue;
    }

    @Override
    public String store(Path file, String storagePath, String contentType) throws EgressException {
        return store(file, storagePath, contentType, null);
    }

    @Override
    public String store(Path file, String storagePath, String contentType, Instant takenAt) throws EgressException {
        ArtifactStore.Stored stored = store.store(file, storagePath, contentType, target);
        if (stored.onBackup()) {
            tracker.backupUsed();
        }
        listing.stored(storagePath, stored.location(), takenAt);
        return stored.location();
    }

    @Override
    public void enqueue(Job job) {
        queue.offer(job);
    }

    /** Artifacts queued or being stored now. */
    int waiting() {
        return queue.waiting();
    }

    /** Waits for the queued jobs once media ended; throws the output's first failure. */
    void drain() throws EgressException {
        queue.drain(DRAIN_TIMEOUT);
    }
}
