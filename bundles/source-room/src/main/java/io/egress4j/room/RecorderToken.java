package io.egress4j.room;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The access token an egress joins a room with when the request carries none: an HS256 JWT signed with the API
 * secret, for a hidden, subscribe-only recorder whose identity is the egress ID, valid for 24 h (what upstream
 * mints).
 */
public final class RecorderToken {

    static final Duration VALIDITY = Duration.ofHours(24);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RecorderToken() {
    }

    public static String mint(String apiKey, String apiSecret, String roomName, String egressId, Instant now) {
        if (apiKey.isEmpty() || apiSecret.isEmpty()) {
            throw new IllegalArgumentException("api_key and api_secret are needed to join a room without a token");
        }
        String video = "{\"roomJoin\":true,\"room\":" + string(roomName) + ",\"canSubscribe\":true,"
                + "\"canPublish\":false,\"canPublishData\":false,\"hidden\":true,\"recorder\":true}";
        String claims = "{\"iss\":" + string(apiKey) + ",\"sub\":" + string(egressId)
                + ",\"nbf\":" + now.getEpochSecond() + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(VALIDITY).getEpochSecond() + ",\"kind\":\"egress\",\"video\":" + video + "}";
        String unsigned = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        return unsigned + "." + BASE64URL.encodeToString(hmacSha256(apiSecret, unsigned));
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    private static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
