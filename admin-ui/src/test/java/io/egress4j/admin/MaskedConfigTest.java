package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedConfigTest {

    @TempDir
    Path dir;

    @Test
    void everyCredentialIsMaskedAtAnyDepthAndTheRestIsShown() throws Exception {
        Path file = Files.writeString(dir.resolve("egress.yaml"), """
                api_key: APIkey
                api_secret: s3cret-one
                ws_url: wss://lk.example.com
                redis: {address: "localhost:6379", password: s3cret-two}
                s3: {access_key: AKIA-s3cret-three, secret: s3cret-four, bucket: recordings}
                gcp: {credentials_json: '{"private_key": "s3cret-five"}'}
                proxy: {url: "http://user:s3cret-six@proxy:3128"}
                webhook: {urls: [https://hooks.example.com/a]}
                """);
        String shown = MaskedConfig.of(file);
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("bucket: \"recordings\""), shown);
        assertTrue(shown.contains("ws_url: \"wss://lk.example.com\""), shown);
        assertTrue(shown.contains("http://user:" + MaskedConfig.MASK + "@proxy:3128"), shown);
        assertTrue(shown.contains("https://hooks.example.com/a"), shown);
    }
}
