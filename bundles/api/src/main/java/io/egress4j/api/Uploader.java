package io.egress4j.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Stores finished artifacts (files, segments, playlists, images, manifests) on one backend. Implementations are OSGi
 * services registered with the property {@value #BACKEND}, e.g. {@code egress.storage=s3}. Retries, backup storage
 * and keeping the local copy on failure are the core's job, not the uploader's.
 *
 * <p>An uploader declares the settings it accepts ({@link #settings()}); the core checks every config section and
 * request upload block against them before an egress starts, and redacts the secret ones wherever requests are
 * reported.
 */
@ConsumerType
public interface Uploader {

    /** Service property that names the backend; it matches the key under {@code storage:} in the config. */
    String BACKEND = "egress.storage";

    /**
     * Every setting this backend accepts, under {@code storage.<backend>} in the config and in a request's upload
     * block; any other key is refused. The first one names where artifacts go (bucket, container, directory):
     * messages describe the storage by it.
     *
     * @since 2.0
     */
    List<StorageSetting> settings();

    /**
     * The full name of the LiveKit request message this backend serves (e.g. {@code livekit.S3Upload}): a request
     * carrying that upload block is stored here, with the block's set fields as settings. Empty when requests cannot
     * choose this backend (it is then chosen in the config only).
     *
     * @since 2.0
     */
    default Optional<String> requestUpload() {
        return Optional.empty();
    }

    /**
     * Checks what the declaration cannot say (a URL's form, a combination of settings) when an egress is planned, so
     * a request that no upload could serve is refused before anything starts. Does not contact the backend.
     *
     * @throws EgressException naming the setting at fault, never a secret
     * @since 2.0
     */
    default void check(StorageSettings settings) throws EgressException {
    }

    /**
     * Copies {@code file} to {@code storagePath} on the backend.
     *
     * @param settings the backend's settings (its section of the {@code storage} config, or the request's upload)
     * @return the location string reported in {@code EgressInfo} (a URL, or an absolute path for local storage)
     */
    String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException;

    /**
     * Where the backend keeps {@code storagePath} on this machine, when it is a local directory. Outputs then write
     * there directly, so a crash leaves the recording in place instead of in a temporary directory.
     */
    default Optional<Path> localPath(String storagePath, StorageSettings settings) throws EgressException {
        return Optional.empty();
    }

    /**
     * A URL that lets anyone holding it download the stored {@code storagePath} with a plain HTTP GET for
     * {@code validity}, used instead of the location when the config sets {@code generate_presigned_url}. Empty when
     * the backend cannot sign URLs (the core then reports the plain location).
     *
     * @since 1.2
     */
    default Optional<String> presignedUrl(String storagePath, Duration validity, StorageSettings settings)
            throws EgressException {
        return Optional.empty();
    }
}
