package io.egress4j.core.config;

/**
 * {@code storage} and {@code backup}: an upload target plus egress4j's local storage root, used when no backend
 * section is set.
 */
public class StorageConfig extends UploadConfig {
    public Local local = new Local();

    /** {@code local}: used when no upload backend is configured. */
    public static class Local {
        /** Directory local storage is confined to; relative = against the working directory. */
        public String root = "recordings";
    }
}
