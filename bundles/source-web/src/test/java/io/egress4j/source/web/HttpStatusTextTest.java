package io.egress4j.source.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpStatusTextTest {

    @Test
    void registeredStatusesGetTheirReasonPhraseAndOthersTheirCode() {
        assertEquals("Not Found", HttpStatusText.of(404));
        assertEquals("Service Unavailable", HttpStatusText.of(503));
        assertEquals("HTTP 499", HttpStatusText.of(499));
    }
}
