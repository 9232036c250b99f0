package io.egress4j.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Stores finished artifacts (files, segments, playlists, images, manifests) on one backend. Implementations are OSGi
 * services registered with the property {@value #BACKEND}, e.g. {@code egress.storage=s3}. Retries, backup storage
 * and keeping the local copy on failure are the core's job, not the uploader's.
 */
public interface Uploader {

    /** Service property that names the backend; it matches the key under {@code storage:} in the config. */
    String BACKEND = "egress.storage";

    /**
     * Copies {@code file} to {@code storagePath} on the backend.
     *
     * @param settings the backend's settings (its section of the {@code storage} config, or the request's upload)
     * @return the location string reported in {@code EgressInfo} (a URL, or an absolute path for local storage)
     */
    String upload(Path file, String storagePath, String contentType, Map<String, String> settings)
            throws EgressException;

    /**
     * Where the backend keeps {@code storagePath} on this machine, when it is a local directory. Outputs then write
     * there directly, so a crash leaves the recording in place instead of in a temporary directory.
     */
    default Optional<Path> localPath(String storagePath, Map<String, String> settings) throws EgressException {
        return Optional.empty();
    }

    /**
     * A URL that lets anyone holding it download the stored {@code storagePath} with a plain HTTP GET for
     * {@code validity}, used instead of the location when the config sets {@code generate_presigned_url}. Empty when
     * the backend cannot sign URLs (the core then reports the plain location).
     *
     * @since 1.2
     */
    default Optional<String> presignedUrl(String storagePath, Duration validity, Map<String, String> settings)
            throws EgressException {
        return Optional.empty();
    }
}
