package io.egress4j.psrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void defaultsAndModes() {
        RedisSettings single = RedisSettings.of("127.0.0.1:6390");
        assertEquals(RedisSettings.Mode.SINGLE, single.mode());
        assertEquals(Duration.ofSeconds(5), single.dialTimeout());
        assertEquals(Duration.ofSeconds(3), single.commandTimeout());
        assertEquals(RedisSettings.Mode.SENTINEL, RedisSettings.builder().sentinelMasterName("m")
                .sentinelAddresses(List.of("h:26379")).build().mode());
        assertEquals(RedisSettings.Mode.CLUSTER, RedisSettings.builder().clusterAddresses(List.of("a:1")).build().mode());
        assertEquals(Duration.ofSeconds(7), RedisSettings.builder().readTimeout(Duration.ofSeconds(2))
                .writeTimeout(Duration.ofSeconds(7)).build().commandTimeout());
    }

    @Test
    void toStringHidesThePassword() {
        String text = RedisSettings.builder().address("h:1").password("s3cret").build().toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("***"), text);
    }

    @Test
    void addresses() {
        assertEquals(new LettuceSetup.HostPort("redis.local", 6380), LettuceSetup.HostPort.parse("redis.local:6380", 6379));
        assertEquals(new LettuceSetup.HostPort("redis.local", 6379), LettuceSetup.HostPort.parse("redis.local", 6379));
        assertEquals(new LettuceSetup.HostPort("::1", 7000), LettuceSetup.HostPort.parse("[::1]:7000", 6379));
        assertThrows(IllegalArgumentException.class, () -> LettuceSetup.HostPort.parse("h:x", 6379));
    }

    @Test
    void uris() {
        RedisURI uri = LettuceSetup.standaloneUri(RedisSettings.builder().address("h:6390").username("u")
                .password("p").db(3).useTls(true).build());
        assertEquals("h", uri.getHost());
        assertEquals(6390, uri.getPort());
        assertEquals(3, uri.getDatabase());
        assertTrue(uri.isSsl());
        RedisURI sentinel = LettuceSetup.standaloneUri(RedisSettings.builder().sentinelMasterName("mymaster")
                .sentinelAddresses(List.of("s1:26379", "s2")).build());
        assertEquals("mymaster", sentinel.getSentinelMasterId());
        assertEquals(2, sentinel.getSentinels().size());
        assertThrows(IllegalArgumentException.class, () -> LettuceSetup.standaloneUri(RedisSettings.of("")));
    }
}
