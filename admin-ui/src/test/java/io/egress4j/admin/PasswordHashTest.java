package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndIsSalted() {
        String hash = PasswordHash.hash("correct horse battery".toCharArray(), 2000);
        assertTrue(hash.startsWith("pbkdf2-sha256$2000$"), hash);
        assertTrue(PasswordHash.matches(hash, "correct horse battery"));
        assertFalse(PasswordHash.matches(hash, "correct horse batter"));
        assertNotEquals(hash, PasswordHash.hash("correct horse battery".toCharArray(), 2000), "a fresh salt");
    }

    @Test
    void aMalformedHashIsNamedAsSuch() {
        assertEquals("not a password hash of egress hash-password (pbkdf2-sha256$<iterations>$<salt>$<hash>)",
                assertThrows(IllegalArgumentException.class, () -> PasswordHash.requireWellFormed("plain"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.requireWellFormed(
                "pbkdf2-sha256$many$c2FsdA$aGFzaA")).getMessage().startsWith("a malformed pbkdf2-sha256 hash"));
    }
}
