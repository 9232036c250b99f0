package io.egress4j.api;

/**
 * A storage setting that is not declared by its backend, or a required one that is missing. The core words it for
 * where the settings came from: {@code storage.s3.bukket} in the config, {@code s3.bucket} in a request.
 *
 * @since 2.0
 */
public final class InvalidStorageSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final boolean missing;

    private InvalidStorageSettingException(String key, boolean missing, String message) {
        super(message);
        this.key = key;
        this.missing = missing;
    }

    static InvalidStorageSettingException unknown(String key) {
        return new InvalidStorageSettingException(key, false, "unknown storage setting " + key);
    }

    static InvalidStorageSettingException missing(String key) {
        return new InvalidStorageSettingException(key, true, "missing storage setting " + key);
    }

    /** The key at fault, as written (an unknown key) or as declared (a missing one). */
    public String key() {
        return key;
    }

    /** True when a required setting is missing, false when the key is not declared. */
    public boolean missing() {
        return missing;
    }
}
