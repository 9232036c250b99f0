package io.egress4j.psrpc;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

/** Turns {@link RedisSettings} into Lettuce URIs and options. */
final class LettuceSetup {

    static {
        useJdkLogging();
    }

    /** Reconnect attempts back off from 50 ms to at most 2 s, so a restarted Redis is found again quickly. */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS);

    private LettuceSetup() {
    }

    /**
     * Lettuce and netty log through netty's logger factory, which would pick SLF4J first: an API embedded without
     * a binding, which prints warnings. java.util.logging is what the launcher formats.
     */
    static void useJdkLogging() {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    static ClientResources resources() {
        return DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY)
                .build();
    }

    static ClientOptions clientOptions(RedisSettings settings) {
        return ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while Redis is away instead of queueing: a stale RPC is worse than an error, and the
                // bus re-subscribes by itself once the connection is back.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .sslOptions(sslOptions(settings.tls()))
                .build();
    }

    static ClusterClientOptions clusterOptions(RedisSettings settings) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                // Not REJECT_COMMANDS here: Lettuce connects to cluster nodes lazily and would reject the first
                // command routed to a node whose connection is still being opened. While a node is away, commands
                // wait for it up to the command timeout instead.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .sslOptions(sslOptions(settings.tls()))
                .maxRedirects(settings.maxRedirects())
                .build();
    }

    /** The URI of a single server, or the sentinel URI that leads to the master. */
    static RedisURI standaloneUri(RedisSettings settings) {
        RedisURI.Builder builder;
        if (settings.mode() == RedisSettings.Mode.SENTINEL) {
            if (settings.sentinelAddresses().isEmpty()) {
                throw new IllegalArgumentException("redis: sentinel_master_name is set but sentinel_addresses is empty");
            }
            builder = RedisURI.builder().withSentinelMasterId(settings.sentinelMasterName());
            for (String address : settings.sentinelAddresses()) {
                HostPort hp = HostPort.parse(address, 26379);
                RedisURI sentinel = RedisURI.create(hp.host(), hp.port());
                if (!settings.sentinelPassword().isEmpty()) {
                    if (settings.sentinelUsername().isEmpty()) {
                        sentinel.setAuthentication(settings.sentinelPassword().toCharArray());
                    } else {
                        sentinel.setAuthentication(settings.sentinelUsername(),
                                settings.sentinelPassword().toCharArray());
                    }
                }
                applyTls(sentinel, settings.tls());
                builder.withSentinel(sentinel);
            }
        } else {
            if (settings.address().isEmpty()) {
                throw new IllegalArgumentException("redis: no address configured");
            }
            HostPort hp = HostPort.parse(settings.address(), 6379);
            builder = RedisURI.builder().withHost(hp.host()).withPort(hp.port());
        }
        RedisURI uri = builder.withDatabase(settings.db()).withTimeout(settings.commandTimeout()).build();
        applyAuth(uri, settings);
        applyTls(uri, settings.tls());
        return uri;
    }

    static List<RedisURI> clusterUris(RedisSettings settings) {
        return settings.clusterAddresses().stream().map(address -> {
            HostPort hp = HostPort.parse(address, 6379);
            RedisURI uri = RedisURI.create(hp.host(), hp.port());
            uri.setTimeout(settings.commandTimeout());
            applyAuth(uri, settings);
            applyTls(uri, settings.tls());
            return uri;
        }).toList();
    }

    private static void applyAuth(RedisURI uri, RedisSettings settings) {
        if (settings.password().isEmpty()) {
            return;
        }
        if (settings.username().isEmpty()) {
            uri.setAuthentication(settings.password().toCharArray());
        } else {
            uri.setAuthentication(settings.username(), settings.password().toCharArray());
        }
    }

    private static void applyTls(RedisURI uri, RedisSettings.Tls tls) {
        if (tls.enabled()) {
            uri.setSsl(true);
            uri.setVerifyPeer(tls.insecure() ? SslVerifyMode.NONE : SslVerifyMode.FULL);
        }
    }

    private static SocketOptions socketOptions(RedisSettings settings) {
        return SocketOptions.builder().connectTimeout(settings.dialTimeout()).keepAlive(true).build();
    }

    private static SslOptions sslOptions(RedisSettings.Tls tls) {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (!tls.enabled()) {
            return builder.build();
        }
        if (tls.caCertFile() != null) {
            builder.trustManager(tls.caCertFile().toFile());
        }
        if (tls.clientCertFile() != null) {
            builder.keyManager(tls.clientCertFile().toFile(), tls.clientKeyFile().toFile(), null);
        }
        if (!tls.serverName().isEmpty()) {
            String serverName = tls.serverName();
            builder.sslParameters(() -> {
                SSLParameters parameters = new SSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                return parameters;
            });
        }
        return builder.build();
    }

    /** {@code host:port}, {@code [v6]:port} or a bare host. */
    record HostPort(String host, int port) {
        static HostPort parse(String address, int defaultPort) {
            String a = address.trim();
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("redis: bad address " + address);
                }
                String host = a.substring(1, close);
                String rest = a.substring(close + 1);
                return new HostPort(host, rest.startsWith(":") ? port(rest.substring(1), address) : defaultPort);
            }
            int colon = a.lastIndexOf(':');
            if (colon < 0 || a.indexOf(':') != colon) {
                return new HostPort(a, defaultPort);
            }
            return new HostPort(a.substring(0, colon), port(a.substring(colon + 1), address));
        }

        private static int port(String text, String address) {
            try {
                int port = Integer.parseInt(text);
                if (port <= 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("redis: bad port in address " + address);
            }
        }
    }
}
