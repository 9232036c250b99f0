package io.egress4j.core.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The access token an egress joins a room with when the request carries none: an HS256 JWT signed with the API
 * secret, for a hidden, subscribe-only recorder whose identity is the egress ID, valid for 24 h (what upstream
 * mints).
 */
public final class RecorderToken {

    static final Duration VALIDITY = Duration.ofHours(24);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RecorderToken() {
    }

    public static String mint(String apiKey, String apiSecret, String roomName, String egressId, Instant now) {
        if (apiKey.isEmpty() || apiSecret.isEmpty()) {
            throw new IllegalArgumentException("api_key and api_secret are needed to join a room without a token");
        }
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("roomJoin", true);
        video.put("room", roomName);
        video.put("canSubscribe", true);
        video.put("canPublish", false);
        video.put("canPublishData", false);
        video.put("hidden", true);
        video.put("recorder", true);

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", apiKey);
        claims.put("sub", egressId);
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(VALIDITY).getEpochSecond());
        claims.put("kind", "egress");
        claims.put("video", video);

        String unsigned = encode(Map.of("alg", "HS256", "typ", "JWT")) + "." + encode(claims);
        return unsigned + "." + BASE64URL.encodeToString(hmacSha256(apiSecret, unsigned));
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    static byte[] hmacSha256(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
