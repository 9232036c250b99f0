package io.egress4j.room;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RecorderTokenTest {

    @Test
    void mintsAHiddenSubscribeOnlyRecorderTokenSignedWithTheSecret() throws Exception {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        String token = RecorderToken.mint("APIkey", "secret", "my-room", "EG_abc", now);
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);

        JsonNode header = json(parts[0]);
        assertEquals("HS256", header.path("alg").asText());
        JsonNode claims = json(parts[1]);
        assertEquals("APIkey", claims.path("iss").asText());
        assertEquals("EG_abc", claims.path("sub").asText());
        assertEquals("egress", claims.path("kind").asText());
        assertEquals(now.getEpochSecond() + 24 * 3600, claims.path("exp").asLong());
        JsonNode video = claims.path("video");
        assertTrue(video.path("roomJoin").asBoolean());
        assertEquals("my-room", video.path("room").asText());
        assertTrue(video.path("canSubscribe").asBoolean());
        assertTrue(video.path("hidden").asBoolean() && video.path("recorder").asBoolean());
        assertEquals(false, video.path("canPublish").asBoolean(true));
        assertEquals(false, video.path("canPublishData").asBoolean(true));

        byte[] expected = RecorderToken.hmacSha256("secret", parts[0] + "." + parts[1]);
        assertArrayEquals(expected, Base64.getUrlDecoder().decode(parts[2]));
    }

    @Test
    void hmacMatchesTheRfc4231TestVector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                java.util.HexFormat.of().formatHex(RecorderToken.hmacSha256("Jefe", "what do ya want for nothing?")));
    }

    @Test
    void needsKeyAndSecret() {
        assertThrows(IllegalArgumentException.class,
                () -> RecorderToken.mint("", "", "room", "EG_1", Instant.now()));
    }

    @Test
    void roomNamesAreEscaped() throws Exception {
        String token = RecorderToken.mint("k", "s", "a \"quoted\" room\\", "EG_1", Instant.now());
        assertEquals("a \"quoted\" room\\", json(token.split("\\.")[1]).path("video").path("room").asText());
    }

    private static JsonNode json(String base64url) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(base64url));
    }
}
