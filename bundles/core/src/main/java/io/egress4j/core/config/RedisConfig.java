package io.egress4j.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code redis}: the message bus shared with the LiveKit server. Empty addresses = no Redis configured. */
public class RedisConfig {
    /** host:port of a single Redis server. */
    public String address = "";
    public String username = "";
    public String password = "";
    public int db = 0;
    /** Plain TLS without further settings; superseded by {@link #tls}. */
    public boolean useTls = false;
    public Tls tls = new Tls();
    public String sentinelMasterName = "";
    public String sentinelUsername = "";
    public String sentinelPassword = "";
    public List<String> sentinelAddresses = new ArrayList<>();
    public List<String> clusterAddresses = new ArrayList<>();
    // milliseconds, sentinel mode only; 0 = 2000 / 200 / 200
    public int dialTimeout = 0;
    public int readTimeout = 0;
    public int writeTimeout = 0;
    /** Cluster mode: redirects to follow. */
    public int maxRedirects = 2;
    /** Wait for a free pool connection; zero = client default. */
    public Duration poolTimeout = Duration.ZERO;
    /** Connections in the pool; 0 = client default. */
    public int poolSize = 0;

    /** {@code redis.tls}. */
    public static class Tls {
        public boolean enabled = false;
        /** Skip server certificate and host name verification. */
        public boolean insecure = false;
        public String serverName = "";
        public String caCertFile = "";
        public String clientCertFile = "";
        public String clientKeyFile = "";
    }
}
