package io.egress4j.core.storage;

import io.egress4j.api.EgressException;
import io.egress4j.api.Uploader;
import java.util.Map;

/** The storage backends the core can use: by name, by the request upload message they serve, and all at once. */
public interface StorageCatalog extends ArtifactStore.UploaderLookup {

    /** A backend's name and its uploader. */
    record Backend(String name, Uploader uploader) {
    }

    /**
     * The backend serving a request's upload block, by the message's full name ({@code livekit.S3Upload}); waits
     * as {@link #uploader(String)} does for a plugin that is still starting.
     */
    Backend servingUpload(String uploadMessage) throws EgressException;

    /** Every backend registered right now, by name, without waiting. */
    Map<String, Uploader> registered();
}
