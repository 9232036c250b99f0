package io.egress4j.source.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsoleWatcherTest {

    @Test
    void recognisesTheSignalAsChromiumReportsIt() {
        assertTrue(ConsoleWatcher.isSignal("http://127.0.0.1:8000/page.html 33:33 \"START_RECORDING\"",
                "START_RECORDING"));
        assertTrue(ConsoleWatcher.isSignal("console-api 2:10 \"END_RECORDING\"", "END_RECORDING"));
    }

    @Test
    void ignoresMessagesThatOnlyMentionIt() {
        assertFalse(ConsoleWatcher.isSignal("page.html 35:9 \"this mentions START_RECORDING but is not the signal\"",
                "START_RECORDING"));
        assertFalse(ConsoleWatcher.isSignal("page.html 3:1 \"START_RECORDING\" 42", "START_RECORDING"));
        assertFalse(ConsoleWatcher.isSignal("page.html 3:1 \"NOT_START_RECORDING\"", "START_RECORDING"));
    }

    @Test
    void consoleLinesAreLoggedWithoutAccessTokens() {
        assertEquals("main.js 1:2 \"connecting to ws://10.0.0.1/rtc?access_token=<redacted>&auto_subscribe=1\"",
                ConsoleWatcher.withoutTokens(
                        "main.js 1:2 \"connecting to ws://10.0.0.1/rtc?access_token=eyJhb.c2Vj.cmV0&auto_subscribe=1\""));
        assertEquals("index.html?layout=grid&token=<redacted> 3:4 \"x\"",
                ConsoleWatcher.withoutTokens("index.html?layout=grid&token=eyJ.x.y 3:4 \"x\""));
    }
}
