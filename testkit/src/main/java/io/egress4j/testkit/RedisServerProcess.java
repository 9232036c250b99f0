package io.egress4j.testkit;

import io.egress4j.psrpc.RedisSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A throwaway {@code redis-server} for tests: loopback only, a free port, no persistence, its own temp directory.
 *
 * <p>{@link #restart()} brings it back on the same port (empty, as after a real restart without persistence).
 * The process dies with the test JVM even if the JVM is killed (see {@link TestProcesses}).
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path directory;
    private final List<String> arguments;
    private final SSLContext tls;
    private Process process;

    private RedisServerProcess(int port, Path directory, List<String> arguments, SSLContext tls) {
        this.port = port;
        this.directory = directory;
        this.arguments = arguments;
        this.tls = tls;
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param extraArguments more {@code redis-server} arguments, e.g. {@code "--requirepass", "secret"}
     */
    public static RedisServerProcess start(String... extraArguments) throws IOException {
        int port = TestProcesses.freePort();
        List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port)));
        arguments.addAll(List.of(extraArguments));
        return launchNew(port, dir -> arguments, null);
    }

    /**
     * Starts a server that speaks TLS only (no plain port), with the given PEM certificate and key; clients are not
     * asked for certificates. Readiness is checked over TLS without verifying the certificate.
     */
    public static RedisServerProcess startTls(Path certificate, Path key, Path caCertificate) throws IOException {
        int port = TestProcesses.freePort();
        List<String> arguments = List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", caCertificate.toString(), "--tls-auth-clients", "no");
        return launchNew(port, dir -> arguments, trustingEverything());
    }

    /** Starts a Redis Sentinel that monitors {@code master} under {@code masterName} (quorum 1). */
    public static RedisServerProcess startSentinel(RedisServerProcess master, String masterName) throws IOException {
        int port = TestProcesses.freePort();
        return launchNew(port, dir -> {
            Path config = dir.resolve("sentinel.conf");
            try {
                Files.writeString(config, "sentinel resolve-hostnames no\n"
                        + "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(config.toString(), "--sentinel", "--port", Integer.toString(port));
        }, null);
    }

    private static RedisServerProcess launchNew(int port, java.util.function.Function<Path, List<String>> arguments,
                                                SSLContext tls) throws IOException {
        Path directory = Files.createTempDirectory("egress4j-redis-");
        RedisServerProcess redis;
        try {
            redis = new RedisServerProcess(port, directory, arguments.apply(directory), tls);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            redis.launch();
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Settings for this server (no password: add one with {@link RedisSettings#builder()} if started with one). */
    public RedisSettings settings() {
        return RedisSettings.of(address());
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not exited after 5 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        TestProcesses.stop(process);
        process = null;
    }

    /** SIGKILL: the server vanishes without closing anything. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        TestProcesses.kill(process);
        process = null;
    }

    /** Stops the server and starts a fresh one on the same port; returns once it answers PING. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    /** Stops the server and removes its directory. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** The server's own log, for failure messages. */
    public String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private synchronized void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        boolean configFile = !arguments.isEmpty() && !arguments.get(0).startsWith("--");
        if (configFile) {
            command.add(arguments.get(0)); // a config file must come first
        }
        command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", directory.toString()));
        command.addAll(configFile ? arguments.subList(1, arguments.size()) : arguments);
        process = TestProcesses.start(command, directory, directory.resolve("redis.log"));
        awaitPong();
    }

    private void awaitPong() throws IOException {
        long end = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                plain.setSoTimeout(1000);
                Socket socket = tls == null ? plain
                        : tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                if ("+PONG".equals(reply) || reply != null && reply.startsWith("-NOAUTH")) {
                    if (socket != plain) {
                        socket.close();
                    }
                    return; // answering (a password-protected server answers NOAUTH)
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        stop();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + STARTUP_TIMEOUT
                + (last == null ? "" : " (" + last.getMessage() + ")") + ":\n" + log());
    }

    private static SSLContext trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + address() + (isRunning() ? "" : " (stopped)");
    }
}
