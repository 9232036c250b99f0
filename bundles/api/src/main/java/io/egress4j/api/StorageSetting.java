package io.egress4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One setting a storage backend accepts, declared by its {@link Uploader} so the core can check a config section or a
 * request's upload block, and redact secrets, without knowing the backend. Names are upstream's keys; nested keys are
 * dotted ({@code proxy.url}).
 *
 * @param name        the key, as a request's upload block flattens to it ({@code bucket}, {@code proxy.url})
 * @param kind        a single value, a family of keys below the name, or an operator's top-level config key
 * @param secret      redacted wherever settings are reported
 * @param required    an upload without it is refused before the egress starts
 * @param aliases     other spellings of the key in the config, e.g. {@code proxy_config.url} for {@code proxy.url}
 * @param description one line for documentation and {@code egress plugins}
 * @since 2.0
 */
public record StorageSetting(String name, Kind kind, boolean secret, boolean required, List<String> aliases,
                             String description) {

    /** How a setting's key is written. */
    public enum Kind {
        /** One key. */
        VALUE,
        /** Any key below the name: {@code metadata} accepts {@code metadata.<key>}. */
        KEYED,
        /**
         * A top-level key of the config that the operator sets for every upload of this backend (e.g.
         * {@code s3_assume_role_key}); never set by a request or a storage section.
         */
        OPERATOR
    }

    public StorageSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        aliases = List.copyOf(aliases);
        description = description == null ? "" : description;
    }

    /** An optional, non-secret setting with one key. */
    public static StorageSetting of(String name, String description) {
        return new StorageSetting(name, Kind.VALUE, false, false, List.of(), description);
    }

    /** A family of keys below {@code name}, e.g. {@code metadata.<key>}. */
    public static StorageSetting keyed(String name, String description) {
        return new StorageSetting(name, Kind.KEYED, false, false, List.of(), description);
    }

    /** A top-level config key the operator sets for this backend. */
    public static StorageSetting operator(String name, String description) {
        return new StorageSetting(name, Kind.OPERATOR, false, false, List.of(), description);
    }

    public StorageSetting asSecret() {
        return new StorageSetting(name, kind, true, required, aliases, description);
    }

    public StorageSetting asRequired() {
        return new StorageSetting(name, kind, secret, true, aliases, description);
    }

    public StorageSetting withAlias(String alias) {
        List<String> more = new ArrayList<>(aliases);
        more.add(alias);
        return new StorageSetting(name, kind, secret, required, more, description);
    }

    /** Whether {@code key} (a flattened key, or an alias of one) belongs to this setting. */
    boolean matches(String key) {
        String own = canonical(key);
        return kind == Kind.KEYED ? own.startsWith(name + ".") : own.equals(name);
    }

    /** {@code key} written with the setting's own name instead of an alias. */
    String canonical(String key) {
        for (String alias : aliases) {
            if (key.equals(alias) || key.startsWith(alias + ".")) {
                return name + key.substring(alias.length());
            }
        }
        return key;
    }
}
