package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Asserts the INVALID_ARGUMENT errors users see. */
public final class InvalidArgument {

    private InvalidArgument() {
    }

    public static void assertRejected(String expectedMessage, Executable call) {
        EgressException error = assertThrows(EgressException.class, call);
        assertEquals(EgressException.Code.INVALID_ARGUMENT, error.code());
        assertEquals(expectedMessage, error.getMessage());
    }

    public static void assertInvalidField(String field, Executable call) {
        assertRejected("request has missing or invalid field: " + field, call);
    }
}
