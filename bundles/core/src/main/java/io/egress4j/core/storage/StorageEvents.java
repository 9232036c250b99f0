package io.egress4j.core.storage;

import java.time.Duration;

/** What storing artifacts does, as metrics count it. */
public interface StorageEvents {

    StorageEvents NONE = new StorageEvents() {
        @Override
        public void uploadAttempt(String contentType, String status, boolean customEndpoint, Duration took) {
        }

        @Override
        public void backupWrite(String contentType) {
        }
    };

    /**
     * One attempt to store an artifact.
     *
     * @param status         {@code success}, {@code 4xx}, {@code 5xx} or {@code internal} (upstream's labels)
     * @param customEndpoint whether the storage has an {@code endpoint} of its own (an S3-compatible service, say)
     */
    void uploadAttempt(String contentType, String status, boolean customEndpoint, Duration took);

    /** An artifact was stored on the backup storage. */
    void backupWrite(String contentType);
}
