package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    private static final String KEY = "APIkey";
    private static final String SECRET = "a-secret-of-thirty-two-characters";
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private final ApiTokens tokens = new ApiTokens(Map.of(KEY, SECRET));

    private static String jwt(String header, String claims, String secret) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String claims(String exp, String video) {
        return "{\"iss\":\"" + KEY + "\"" + exp + ",\"video\":" + video + "}";
    }

    @Test
    void aTokenAsTheServerSdkMintsItPasses() throws Exception {
        // livekit-server-sdk: {"alg":"HS256"} without typ; exp and nbf; no sub.
        String token = jwt("{\"alg\":\"HS256\"}", "{\"video\":{\"roomRecord\":true},\"iss\":\"" + KEY
                + "\",\"exp\":" + (NOW.getEpochSecond() + 600) + ",\"nbf\":" + NOW.getEpochSecond() + "}", SECRET);
        assertDoesNotThrow(() -> tokens.checkRecordPermission("Bearer " + token, NOW));
        // Expired 50 s ago is still within livekit-server's 60 s leeway.
        String late = jwt("{\"alg\":\"HS256\"}", claims(",\"exp\":" + (NOW.getEpochSecond() - 50),
                "{\"roomRecord\":true}"), SECRET);
        assertDoesNotThrow(() -> tokens.checkRecordPermission("Bearer " + late, NOW));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "expired          | -120 | {\"roomRecord\":true}  | " + SECRET + " | true  | "
                    + "invalid authorization token: token has invalid claims: token is expired",
            "another secret   | 600  | {\"roomRecord\":true}  | another-secret-0123456789abcdef | true | "
                    + "invalid authorization token: signature is invalid",
            "no roomRecord    | 600  | {\"roomJoin\":true}    | " + SECRET + " | false | permissions denied",
            "roomRecord false | 600  | {\"roomRecord\":false} | " + SECRET + " | false | permissions denied"})
    void whatLivekitServerRefusesIsRefusedWithItsMessage(String what, long expIn, String video, String secret,
                                                          boolean plainText, String message) throws Exception {
        String token = jwt("{\"alg\":\"HS256\"}", claims(",\"exp\":" + (NOW.getEpochSecond() + expIn), video),
                secret);
        ApiTokens.Refused refused = assertThrows(ApiTokens.Refused.class,
                () -> tokens.checkRecordPermission("Bearer " + token, NOW));
        assertEquals(message, refused.getMessage());
        assertEquals(plainText, refused.plainText());
    }

    @Test
    void malformedHeadersAndTokensAreRefused() throws Exception {
        assertEquals("permissions denied", assertThrows(ApiTokens.Refused.class,
                () -> tokens.checkRecordPermission(null, NOW)).getMessage());
        assertEquals("invalid authorization header. Must start with Bearer ", assertThrows(ApiTokens.Refused.class,
                () -> tokens.checkRecordPermission("Basic abc", NOW)).getMessage());
        assertEquals("invalid authorization token", assertThrows(ApiTokens.Refused.class,
                () -> tokens.checkRecordPermission("Bearer not.a-token", NOW)).getMessage());
        String noExp = jwt("{\"alg\":\"HS256\"}", claims("", "{\"roomRecord\":true}"), SECRET);
        assertEquals("invalid authorization token: token is missing required claim: exp claim is required",
                assertThrows(ApiTokens.Refused.class, () -> tokens.checkRecordPermission("Bearer " + noExp, NOW))
                        .getMessage());
        String unknownKey = jwt("{\"alg\":\"HS256\"}", "{\"iss\":\"other\",\"exp\":1900000000}", SECRET);
        assertEquals("invalid API key", assertThrows(ApiTokens.Refused.class,
                () -> tokens.checkRecordPermission("Bearer " + unknownKey, NOW)).getMessage());
        String none = jwt("{\"alg\":\"none\"}", claims(",\"exp\":1900000000", "{\"roomRecord\":true}"), SECRET);
        assertThrows(ApiTokens.Refused.class, () -> tokens.checkRecordPermission("Bearer " + none, NOW));
    }
}
