package io.egress4j.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 JSON Web Tokens, the only kind LiveKit signs and accepts. */
final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    /** {@code claims} signed with {@code secret}; the header is LiveKit's {@code {"alg":"HS256","typ":"JWT"}}. */
    static String sign(Map<String, Object> claims, String secret) {
        try {
            String unsigned = BASE64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(
                    StandardCharsets.UTF_8)) + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
            return unsigned + "." + BASE64URL.encodeToString(hmac(unsigned, secret));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims that are not JSON: " + claims, e);
        }
    }

    /**
     * Whether {@code signature} (base64url) is the HS256 signature of {@code header.payload} under {@code secret}.
     *
     * @throws IllegalArgumentException if the signature is not base64url
     */
    static boolean signatureMatches(String header, String payload, String signature, String secret) {
        return MessageDigest.isEqual(hmac(header + "." + payload, secret), Base64.getUrlDecoder().decode(signature));
    }

    private static byte[] hmac(String signed, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
