package io.egress4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a LiveKit access token the way livekit-server does: HS256, issuer, expiry, and the grant for {@code /rtc}
 * (join the room) or for RoomService (administer it).
 */
final class AccessTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LEEWAY_SECONDS = 60;

    /** The identity a valid token grants, with the rights the session needs. */
    record Grant(String identity, boolean hidden, boolean recorder) {
    }

    private final String apiKey;
    private final byte[] secret;

    AccessTokens(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.secret = apiSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming what is wrong with the token */
    Grant verify(String token, String roomName) {
        JsonNode claims = claims(token);
        JsonNode video = claims.path("video");
        if (!video.path("roomJoin").asBoolean(false) || !roomName.equals(video.path("room").asText())) {
            throw new IllegalArgumentException("token does not grant joining room " + roomName);
        }
        String identity = claims.path("sub").asText(claims.path("jti").asText(""));
        return new Grant(identity, video.path("hidden").asBoolean(false), video.path("recorder").asBoolean(false));
    }

    /**
     * Checks a RoomService call's token as livekit-server does: {@code roomAdmin} for {@code roomName}.
     *
     * @throws IllegalArgumentException naming what is wrong with the token
     */
    void verifyAdmin(String token, String roomName) {
        JsonNode video = claims(token).path("video");
        if (!video.path("roomAdmin").asBoolean(false) || !roomName.equals(video.path("room").asText())) {
            throw new IllegalArgumentException("token does not grant administering room " + roomName);
        }
    }

    /** The claims of a token signed with our secret, issued by our key and not expired. */
    private JsonNode claims(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("token is not a JWT");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                throw new IllegalArgumentException("token must be signed with HS256");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                throw new IllegalArgumentException("invalid token signature");
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!apiKey.equals(claims.path("iss").asText())) {
                throw new IllegalArgumentException("unknown API key");
            }
            if (!claims.has("exp") || claims.path("exp").asLong() + LEEWAY_SECONDS < Instant.now().getEpochSecond()) {
                throw new IllegalArgumentException("token expired or without exp");
            }
            return claims;
        } catch (GeneralSecurityException | java.io.IOException | IllegalStateException e) {
            throw new IllegalArgumentException("unreadable token: " + e.getMessage(), e);
        }
    }
}
