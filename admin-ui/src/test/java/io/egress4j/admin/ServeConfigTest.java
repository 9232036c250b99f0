package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {

    @TempDir
    Path dir;

    private ServeConfig load(String yaml, Map<String, String> environment) throws Exception {
        return ServeConfig.load(Files.writeString(dir.resolve("egress.yaml"), yaml), environment);
    }

    @Test
    void anEmptyRedisSectionIsAStandaloneNodeAndAnAddressACluster() throws Exception {
        // conf/egress.yaml lists every key with an empty default: that is no Redis.
        assertFalse(load("redis: {address: \"\", sentinel_addresses: [], cluster_addresses: []}\n", Map.of())
                .hasRedis());
        assertTrue(load("redis: {address: localhost:6379}\n", Map.of()).hasRedis());
        assertTrue(load("redis: {sentinel_addresses: [a:26379]}\n", Map.of()).hasRedis());
        assertFalse(load("api_key: k\n", Map.of()).hasRedis());
    }

    @Test
    void theEnvironmentFillsEmptyKeysAndTheWebhookKeyDefaultsToTheApiKey() throws Exception {
        ServeConfig config = load("admin: {port: 7890}\nwebhook: {urls: [http://127.0.0.1:1/x]}\n",
                Map.of("LIVEKIT_API_KEY", "envkey", "LIVEKIT_API_SECRET", "envsecret", "LIVEKIT_WS_URL", "ws://lk"));
        assertEquals("envkey", config.apiKey);
        assertEquals("envsecret", config.apiSecret);
        assertEquals("ws://lk", config.wsUrl);
        assertEquals("envkey", config.webhookKey());
        assertEquals(7890, config.admin.port);
        assertEquals("127.0.0.1", config.admin.bindAddress, "loopback unless told otherwise");
    }

    @Test
    void consoleUsersAreReadAndABadHashNamesItsUser() throws Exception {
        String hash = PasswordHash.hash("ops-password-1234".toCharArray(), 1000);
        assertEquals(Map.of("ops", hash), load("admin: {users: [{name: ops, password_hash: \"" + hash + "\"}]}\n",
                Map.of()).consoleUsers());
        ServeConfig plain = load("admin: {users: [{name: ops, password_hash: secret}]}\n", Map.of());
        String message = assertThrows(IllegalArgumentException.class, plain::consoleUsers).getMessage();
        assertTrue(message.startsWith("admin.users[ops].password_hash: not a password hash"), message);
    }
}
