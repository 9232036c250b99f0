package io.egress4j.psrpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the bus lives and how to reach it; mirrors the {@code redis} section of upstream egress's config.
 *
 * <p>Exactly one mode applies: cluster when {@link #clusterAddresses} is non-empty, else sentinel when
 * {@link #sentinelMasterName} is set, else the single server at {@link #address}. Zero durations mean the
 * defaults of go-redis: dial 5 s, read 3 s, write = read.
 *
 * @param address           {@code host:port} of a single Redis server
 * @param username          ACL user name; empty = the default user
 * @param password          empty = no AUTH
 * @param db                database for the queue lock keys (pub/sub itself ignores the database)
 * @param tls               TLS towards Redis (and the sentinels)
 * @param sentinelMasterName master name the sentinels monitor
 * @param sentinelUsername  ACL user for the sentinels; empty = none
 * @param sentinelPassword  password for the sentinels; empty = none
 * @param sentinelAddresses {@code host:port} of each sentinel
 * @param clusterAddresses  {@code host:port} of cluster seed nodes
 * @param dialTimeout       TCP connect timeout
 * @param readTimeout       command reply timeout
 * @param writeTimeout      command write timeout (Lettuce has one command timeout: the larger of read and write)
 * @param maxRedirects      cluster mode: MOVED/ASK redirects to follow
 */
public record RedisSettings(
        String address,
        String username,
        String password,
        int db,
        Tls tls,
        String sentinelMasterName,
        String sentinelUsername,
        String sentinelPassword,
        List<String> sentinelAddresses,
        List<String> clusterAddresses,
        Duration dialTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxRedirects) {

    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);

    public RedisSettings {
        address = Objects.requireNonNullElse(address, "");
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        tls = Objects.requireNonNullElse(tls, Tls.OFF);
        sentinelMasterName = Objects.requireNonNullElse(sentinelMasterName, "");
        sentinelUsername = Objects.requireNonNullElse(sentinelUsername, "");
        sentinelPassword = Objects.requireNonNullElse(sentinelPassword, "");
        sentinelAddresses = List.copyOf(Objects.requireNonNullElse(sentinelAddresses, List.of()));
        clusterAddresses = List.copyOf(Objects.requireNonNullElse(clusterAddresses, List.of()));
        dialTimeout = positiveOr(dialTimeout, DEFAULT_DIAL_TIMEOUT);
        readTimeout = positiveOr(readTimeout, DEFAULT_READ_TIMEOUT);
        writeTimeout = positiveOr(writeTimeout, readTimeout);
        if (maxRedirects <= 0) {
            maxRedirects = 2;
        }
        if (db < 0) {
            throw new IllegalArgumentException("redis db must not be negative: " + db);
        }
    }

    /** A single server without password or TLS, e.g. {@code "127.0.0.1:6379"}. */
    public static RedisSettings of(String address) {
        return builder().address(address).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which kind of deployment these settings describe. */
    public enum Mode { SINGLE, SENTINEL, CLUSTER }

    public Mode mode() {
        if (!clusterAddresses.isEmpty()) {
            return Mode.CLUSTER;
        }
        if (!sentinelMasterName.isEmpty()) {
            return Mode.SENTINEL;
        }
        return Mode.SINGLE;
    }

    /** The one timeout Lettuce applies to a command. */
    public Duration commandTimeout() {
        return readTimeout.compareTo(writeTimeout) >= 0 ? readTimeout : writeTimeout;
    }

    /** What the log may show: no passwords. */
    @Override
    public String toString() {
        String where = switch (mode()) {
            case SINGLE -> address;
            case SENTINEL -> "sentinel " + sentinelMasterName + "@" + sentinelAddresses;
            case CLUSTER -> "cluster " + clusterAddresses;
        };
        return "redis " + where + " db=" + db + (tls.enabled() ? " tls" : "")
                + (username.isEmpty() ? "" : " user=" + username) + (password.isEmpty() ? "" : " password=***");
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }

    /**
     * TLS towards Redis.
     *
     * @param enabled        use TLS
     * @param insecure       skip certificate and host name verification
     * @param serverName     SNI name to send; empty = the host of the address
     * @param caCertFile     PEM file of trusted CAs; null = the JDK's trust store
     * @param clientCertFile PEM client certificate chain (with {@code clientKeyFile}); null = none
     * @param clientKeyFile  PEM PKCS#8 private key of the client certificate
     */
    public record Tls(boolean enabled, boolean insecure, String serverName, Path caCertFile, Path clientCertFile,
                      Path clientKeyFile) {
        public static final Tls OFF = new Tls(false, false, "", null, null, null);
        public static final Tls ON = new Tls(true, false, "", null, null, null);

        public Tls {
            serverName = Objects.requireNonNullElse(serverName, "");
            if ((clientCertFile == null) != (clientKeyFile == null)) {
                throw new IllegalArgumentException("redis tls: a client certificate needs its key and vice versa");
            }
        }
    }

    /** Builds settings field by field; unset fields take the defaults described on {@link RedisSettings}. */
    public static final class Builder {
        private String address = "";
        private String username = "";
        private String password = "";
        private int db;
        private Tls tls = Tls.OFF;
        private String sentinelMasterName = "";
        private String sentinelUsername = "";
        private String sentinelPassword = "";
        private List<String> sentinelAddresses = List.of();
        private List<String> clusterAddresses = List.of();
        private Duration dialTimeout = Duration.ZERO;
        private Duration readTimeout = Duration.ZERO;
        private Duration writeTimeout = Duration.ZERO;
        private int maxRedirects;

        private Builder() {
        }

        public Builder address(String value) { address = value; return this; }
        public Builder username(String value) { username = value; return this; }
        public Builder password(String value) { password = value; return this; }
        public Builder db(int value) { db = value; return this; }
        /** Plain TLS with the JDK's trust store ({@code use_tls}). */
        public Builder useTls(boolean value) { tls = value ? Tls.ON : Tls.OFF; return this; }
        public Builder tls(Tls value) { tls = value; return this; }
        public Builder sentinelMasterName(String value) { sentinelMasterName = value; return this; }
        public Builder sentinelUsername(String value) { sentinelUsername = value; return this; }
        public Builder sentinelPassword(String value) { sentinelPassword = value; return this; }
        public Builder sentinelAddresses(List<String> value) { sentinelAddresses = value; return this; }
        public Builder clusterAddresses(List<String> value) { clusterAddresses = value; return this; }
        public Builder dialTimeout(Duration value) { dialTimeout = value; return this; }
        public Builder readTimeout(Duration value) { readTimeout = value; return this; }
        public Builder writeTimeout(Duration value) { writeTimeout = value; return this; }
        public Builder maxRedirects(int value) { maxRedirects = value; return this; }

        public RedisSettings build() {
            return new RedisSettings(address, username, password, db, tls, sentinelMasterName, sentinelUsername,
                    sentinelPassword, sentinelAddresses, clusterAddresses, dialTimeout, readTimeout, writeTimeout,
                    maxRedirects);
        }
    }
}
