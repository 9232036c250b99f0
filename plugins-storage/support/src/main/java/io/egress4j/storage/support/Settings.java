package io.egress4j.storage.support;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a backend's declared settings as the types it needs, with errors that name the setting. */
public final class Settings {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private final String backend;
    private final StorageSettings values;

    public Settings(String backend, StorageSettings values) {
        this.backend = backend;
        this.values = values;
    }

    /** The trimmed value, or "" when the setting is absent. */
    public String get(StorageSetting key) {
        return values.get(key);
    }

    /** The keys below a keyed setting ({@code metadata.team} → {@code team}). */
    public Map<String, String> keyed(StorageSetting key) {
        return values.keyed(key);
    }

    /** The value, or the environment variable when the setting is empty. */
    public String getOrEnv(StorageSetting key, String env, Map<String, String> environment) {
        String value = get(key);
        if (value.isEmpty()) {
            String fromEnv = environment.get(env);
            return fromEnv == null ? "" : fromEnv.trim();
        }
        return value;
    }

    public boolean bool(StorageSetting key) throws EgressException {
        String value = get(key);
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(key, "true or false");
    }

    /** A positive integer; empty or 0 gives the default (as upstream's "0 = default"). */
    public int positiveInt(StorageSetting key, int defaultValue) throws EgressException {
        String value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw invalid(key, "a number of 0 or more");
            }
            return parsed == 0 ? defaultValue : parsed;
        } catch (NumberFormatException e) {
            throw invalid(key, "a number");
        }
    }

    /**
     * A duration written the Go way ({@code 100ms}, {@code 1m30s}), as ISO-8601 ({@code PT5S}) or as a bare number of
     * seconds; empty or zero gives the default.
     */
    public Duration duration(StorageSetting key, Duration defaultValue) throws EgressException {
        String value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Duration parsed;
        try {
            parsed = parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "a duration such as 500ms or 5s");
        }
        return parsed.isZero() ? defaultValue : parsed;
    }

    public static Duration parseDuration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(value, e);
            }
        }
        if (value.matches("\\d+(\\.\\d+)?")) {
            return nanos(new BigDecimal(value), 1_000_000_000L);
        }
        Matcher m = GO_DURATION.matcher(value);
        int at = 0;
        Duration total = Duration.ZERO;
        while (m.find() && m.start() == at) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plus(nanos(new BigDecimal(m.group(1)), unit));
            at = m.end();
        }
        if (at == 0 || at != value.length()) {
            throw new IllegalArgumentException(value);
        }
        return total;
    }

    private static Duration nanos(BigDecimal amount, long unit) {
        return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unit)).longValue());
    }

    public EgressException invalid(StorageSetting key, String expected) {
        return new EgressException(Code.INVALID_ARGUMENT,
                backend + ": setting " + key.name() + " must be " + expected);
    }
}
