package io.egress4j.psrpc;

import java.security.SecureRandom;

/** psrpc identifiers: a prefix and 12 characters from {@code [A-Za-z0-9]}. */
public final class Ids {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String clientId() {
        return withPrefix("CLI_");
    }

    public static String serverId() {
        return withPrefix("SRV_");
    }

    public static String requestId() {
        return withPrefix("REQ_");
    }

    /** Any prefix, e.g. {@code "EG_"} for egress IDs. */
    public static String withPrefix(String prefix) {
        char[] id = new char[prefix.length() + 12];
        prefix.getChars(0, prefix.length(), id, 0);
        for (int i = prefix.length(); i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
