package io.egress4j.admin;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords as {@code admin.users} keeps them: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (PBKDF2 with
 * HMAC-SHA256, base64 salt and hash), which the JDK computes without a library. {@code egress hash-password} writes
 * them with {@link #ITERATIONS} iterations, OWASP's figure for this function.
 */
final class PasswordHash {

    static final int ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from.
     *
     * @throws IllegalArgumentException when {@code encoded} is not such a hash (the message says what it must be)
     */
    static boolean matches(String encoded, String password) {
        Parts parts = parse(encoded);
        return MessageDigest.isEqual(parts.hash(), derive(password.toCharArray(), parts.salt(), parts.iterations()));
    }

    /** Checks that {@code encoded} is such a hash, without the cost of computing one. */
    static void requireWellFormed(String encoded) {
        parse(encoded);
    }

    private record Parts(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parts parse(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a password hash of egress hash-password (" + SCHEME
                    + "$<iterations>$<salt>$<hash>)");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            Parts parsed = new Parts(Integer.parseInt(parts[1]), base64.decode(parts[2]), base64.decode(parts[3]));
            if (parsed.iterations() < 1 || parsed.salt().length == 0 || parsed.hash().length == 0) {
                throw new IllegalArgumentException("empty salt or hash, or no iterations");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a malformed " + SCHEME + " hash: " + e.getMessage(), e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, HASH_BITS)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        }
    }
}
