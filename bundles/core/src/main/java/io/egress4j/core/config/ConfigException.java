package io.egress4j.core.config;

/**
 * The config could not be loaded. The message is meant for the operator as is: it names the source (file path or
 * EGRESS_CONFIG_BODY), the dotted key and, when known, the line and column.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
