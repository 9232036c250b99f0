package io.egress4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Checks the access token of an Egress API call as livekit-server does: a JWT signed HS256 with the secret of the API
 * key named in its {@code iss}, with an {@code exp} (and, if present, an {@code nbf}) within 60 s of now, and the
 * {@code video.roomRecord} grant. The room in the token is not compared with the request's, as upstream.
 */
final class ApiTokens {

    /** livekit-server's leeway for exp and nbf. */
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a call was refused: {@link #plainText} failures are livekit-server's 401s before Twirp is reached. */
    static final class Refused extends Exception {
        private final boolean plainText;

        Refused(String message, boolean plainText) {
            super(message);
            this.plainText = plainText;
        }

        boolean plainText() {
            return plainText;
        }
    }

    private final Map<String, String> secrets;

    /** @param secrets API key to secret */
    ApiTokens(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * Verifies {@code authorization} (the header's value, null when absent) at {@code now}.
     *
     * @throws Refused with livekit-server's message: a malformed or unverifiable token is a plain 401, a missing
     *                 token or grant is Twirp's {@code unauthenticated} "permissions denied"
     */
    void checkRecordPermission(String authorization, Instant now) throws Refused {
        if (authorization == null || authorization.isEmpty()) {
            throw new Refused("permissions denied", false);
        }
        if (!authorization.startsWith("Bearer ")) {
            throw new Refused("invalid authorization header. Must start with Bearer ", true);
        }
        String[] parts = authorization.substring("Bearer ".length()).trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("invalid authorization token", true);
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String secret = secrets.get(claims.path("iss").asText(""));
        if (secret == null) {
            throw new Refused("invalid API key", true);
        }
        if (!"HS256".equals(header.path("alg").asText()) || !signatureMatches(parts, secret)) {
            throw new Refused("invalid authorization token: signature is invalid", true);
        }
        if (!claims.path("exp").canConvertToLong()) {
            throw new Refused("invalid authorization token: token is missing required claim: exp claim is required",
                    true);
        }
        long seconds = now.getEpochSecond();
        if (claims.path("exp").asLong() + LEEWAY.toSeconds() < seconds) {
            throw new Refused("invalid authorization token: token has invalid claims: token is expired", true);
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() - LEEWAY.toSeconds() > seconds) {
            throw new Refused("invalid authorization token: token has invalid claims: token is not valid yet", true);
        }
        if (!claims.path("video").path("roomRecord").asBoolean(false)) {
            throw new Refused("permissions denied", false);
        }
    }

    private static JsonNode decode(String part) throws Refused {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new Refused("invalid authorization token", true);
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused("invalid authorization token", true);
        }
    }

    private static boolean signatureMatches(String[] parts, String secret) throws Refused {
        try {
            return Jwt.signatureMatches(parts[0], parts[1], parts[2], secret);
        } catch (IllegalArgumentException e) {
            throw new Refused("invalid authorization token", true);
        }
    }
}
