package io.egress4j.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way upstream's config files write them: Go duration strings such as {@code "500ms"},
 * {@code "2.75s"} or {@code "1h30m"} (units ns, us/µs, ms, s, m, h, optionally signed, fractions allowed), or a
 * bare number, which egress4j reads as seconds.
 */
public final class GoDuration {

    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern COMPONENT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([a-zµμ]+)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L, // U+00B5 micro sign
            "μs", 1_000L, // U+03BC Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses a Go duration string, or a bare number of seconds.
     *
     * @throws IllegalArgumentException with a short reason when the text is not a duration
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            return ofNanos(new BigDecimal(trimmed).multiply(NANOS_PER_SECOND));
        }
        return parseUnits(trimmed);
    }

    /** Seconds given as a plain number (YAML {@code 3} or {@code 0.5}). */
    public static Duration ofSeconds(BigDecimal seconds) {
        return ofNanos(seconds.multiply(NANOS_PER_SECOND));
    }

    /** Formats like Go does for the common cases: {@code 0s}, {@code 500ms}, {@code 2.75s}, {@code 1h30m0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        if (nanos < 1_000L) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000L) {
            return decimal(nanos, 3) + "µs";
        }
        if (nanos < 1_000_000_000L) {
            return decimal(nanos, 6) + "ms";
        }
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        String seconds = decimal(nanos % 60_000_000_000L, 9) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static Duration parseUnits(String text) {
        boolean signed = text.startsWith("-") || text.startsWith("+");
        String body = signed ? text.substring(1) : text;
        if (body.isEmpty()) {
            throw new IllegalArgumentException("not a duration");
        }
        Matcher component = COMPONENT.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (position < body.length()) {
            if (!component.find(position) || component.start() != position) {
                throw new IllegalArgumentException("not a duration");
            }
            Long unitNanos = NANOS_PER_UNIT.get(component.group(2));
            if (unitNanos == null) {
                throw new IllegalArgumentException("unknown unit \"" + component.group(2) + "\"");
            }
            nanos = nanos.add(new BigDecimal(component.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
            position = component.end();
        }
        return ofNanos(text.startsWith("-") ? nanos.negate() : nanos);
    }

    private static Duration ofNanos(BigDecimal nanos) {
        // Like Go, sub-nanosecond fractions are dropped.
        BigInteger whole = nanos.toBigInteger();
        if (whole.abs().compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration out of range");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    private static String decimal(long value, int scale) {
        return BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
    }
}
