package io.egress4j.core.cli;

import java.security.SecureRandom;

/** Egress IDs in LiveKit's form: {@code EG_} and twelve random letters and digits. */
final class EgressIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EgressIds() {
    }

    static String next() {
        StringBuilder id = new StringBuilder("EG_");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
