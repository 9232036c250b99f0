package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogLevelTest {

    private final Logger ours = Logger.getLogger("io.egress4j.core.job.SomeJob");
    private final Logger jdk = Logger.getLogger("jdk.internal.httpclient.debug");

    @AfterEach
    void restore() {
        LogLevel.apply("info");
    }

    @Test
    void debugIsOursOnlyTheJdkAndLibrariesStayAtInfo() {
        LogLevel.apply("debug");
        assertTrue(ours.isLoggable(Level.FINE));
        assertFalse(jdk.isLoggable(Level.FINE));
        assertTrue(jdk.isLoggable(Level.INFO));
    }

    @Test
    void quieterLevelsApplyToEverything() {
        LogLevel.apply("warn");
        assertFalse(ours.isLoggable(Level.INFO));
        assertFalse(jdk.isLoggable(Level.INFO));
        assertTrue(ours.isLoggable(Level.WARNING));
        LogLevel.apply("error");
        assertFalse(jdk.isLoggable(Level.WARNING));
        assertTrue(ours.isLoggable(Level.SEVERE));
    }
}
