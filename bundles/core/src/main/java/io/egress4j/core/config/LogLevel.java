package io.egress4j.core.config;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies {@code logging.level} to egress4j's own loggers. Libraries and the JDK stay at info (or the quieter level
 * asked for): at debug, the JDK's HTTP client, Selenium and Netty would otherwise drown egress4j's lines.
 */
public final class LogLevel {

    /** Held so that the level set on it lasts: java.util.logging keeps loggers only weakly. */
    private static final Logger EGRESS4J = Logger.getLogger("io.egress4j");

    private LogLevel() {
    }

    /** Sets the level of {@code logging.level} (debug, info, warn or error; anything else is info). */
    public static void apply(String level) {
        Level ours = switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
        EGRESS4J.setLevel(ours);
        Logger.getLogger("").setLevel(ours.intValue() < Level.INFO.intValue() ? Level.INFO : ours);
    }
}
