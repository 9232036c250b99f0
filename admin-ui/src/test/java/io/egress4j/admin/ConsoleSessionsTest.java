package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

    /** The time now, as the test moves it. */
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final ConsoleSessions sessions = new ConsoleSessions(new ConsoleUsers(Map.of("APIkey", "the-secret"),
            Map.of("ops", PasswordHash.hash("ops-password-1234".toCharArray(), 1000))), () -> now);

    @Test
    void aSessionLastsItsLifetimeOrUntilLogout() throws Exception {
        ConsoleSessions.Session session = sessions.login("APIkey", "the-secret", "10.0.0.1").orElseThrow();
        ConsoleSessions.Session other = sessions.login("APIkey", "the-secret", "10.0.0.1").orElseThrow();
        assertNotEquals(session.id(), other.id());
        assertNotEquals(session.id(), session.csrf());
        assertTrue(ConsoleSessions.csrfMatches(session, session.csrf()));
        assertFalse(ConsoleSessions.csrfMatches(session, other.csrf()));
        assertFalse(ConsoleSessions.csrfMatches(session, null));

        sessions.logout(session.id());
        assertTrue(sessions.find(session.id()).isEmpty(), "no replay after logout");
        now = now.plus(ConsoleSessions.LIFETIME).plusSeconds(1);
        assertTrue(sessions.find(other.id()).isEmpty(), "expired");
        assertTrue(sessions.find(null).isEmpty());
    }

    @Test
    void failedLoginsAreLimitedPerClientAddress() throws Exception {
        for (int i = 0; i < ConsoleSessions.MAX_FAILURES; i++) {
            assertTrue(sessions.login("APIkey", "guess-" + i, "10.0.0.9").isEmpty());
        }
        assertThrows(ConsoleSessions.TooManyAttempts.class, () -> sessions.login("APIkey", "the-secret",
                "10.0.0.9"));
        assertEquals("APIkey", sessions.login("APIkey", "the-secret", "10.0.0.2").orElseThrow().user(),
                "another address is not held up");
        assertTrue(sessions.login("nobody", "the-secret", "10.0.0.2").isEmpty(), "an unknown key");
        assertEquals("ops", sessions.login("ops", "ops-password-1234", "10.0.0.3").orElseThrow().user(),
                "a user of admin.users, by the password its hash was made from");
        assertTrue(sessions.login("ops", "ops-password-123", "10.0.0.3").isEmpty(), "another password");
        assertTrue(sessions.login("ops", "the-secret", "10.0.0.3").isEmpty(), "an API secret is not a user's");
        now = now.plus(ConsoleSessions.FAILURE_WINDOW).plus(Duration.ofSeconds(1));
        assertTrue(sessions.login("APIkey", "the-secret", "10.0.0.9").isPresent(), "a minute later");
    }
}
