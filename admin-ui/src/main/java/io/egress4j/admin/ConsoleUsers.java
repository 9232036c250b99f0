package io.egress4j.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may log in to the console: each API key with its secret, and the operators of {@code admin.users} with their
 * password hashes. An unknown name costs as much as a known one, so response times do not tell names apart.
 */
final class ConsoleUsers {

    private final Map<String, String> apiSecrets;
    private final Map<String, String> passwordHashes;
    private final String decoy = PasswordHash.hash("decoy".toCharArray(), PasswordHash.ITERATIONS);

    /**
     * @param apiSecrets     API key to secret
     * @param passwordHashes user name to {@link PasswordHash} hash
     */
    ConsoleUsers(Map<String, String> apiSecrets, Map<String, String> passwordHashes) {
        this.apiSecrets = Map.copyOf(apiSecrets);
        this.passwordHashes = Map.copyOf(passwordHashes);
    }

    boolean verify(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        String secret = apiSecrets.get(user);
        if (secret != null) {
            return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                    password.getBytes(StandardCharsets.UTF_8));
        }
        String hash = passwordHashes.get(user);
        boolean matches = PasswordHash.matches(hash == null ? decoy : hash, password);
        return hash != null && matches;
    }
}
