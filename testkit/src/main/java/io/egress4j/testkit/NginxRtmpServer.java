package io.egress4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway nginx with the RTMP module (Debian's libnginx-mod-rtmp) for tests: loopback only, a free port, one
 * live application {@code live} that records every stream it receives to {@code <recordings>/<stream key>.flv}.
 * {@link #kill()} makes the peer vanish mid-stream; {@link #restart()} brings it back on the same port.
 */
public final class NginxRtmpServer implements AutoCloseable {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Path directory;
    private final int port;
    private Process process;

    private NginxRtmpServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static NginxRtmpServer start() throws IOException {
        if (!Files.exists(MODULE)) {
            throw new IOException(MODULE + " is missing: install nginx and libnginx-mod-rtmp (scripts/install-deps)");
        }
        Path directory = Files.createTempDirectory("egress4j-nginx-");
        Files.createDirectories(directory.resolve("recordings"));
        NginxRtmpServer server = new NginxRtmpServer(directory, TestProcesses.freePort());
        Files.writeString(directory.resolve("nginx.conf"), server.config());
        server.launch();
        return server;
    }

    private String config() {
        return "load_module " + MODULE + ";\n"
                + "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                + "pid " + directory.resolve("nginx.pid") + ";\n"
                + "error_log " + directory.resolve("error.log") + " info;\n"
                + "events { worker_connections 64; }\n"
                + "rtmp { server { listen 127.0.0.1:" + port + "; application live {\n"
                + "  live on; record all; record_unique off; record_path " + directory.resolve("recordings") + ";\n"
                + "} } }\n";
    }

    /** {@code rtmp://127.0.0.1:<port>/live/<streamKey>} */
    public String url(String streamKey) {
        return "rtmp://127.0.0.1:" + port + "/live/" + streamKey;
    }

    /** Where nginx writes what it received under {@code streamKey}. */
    public Path recording(String streamKey) {
        return directory.resolve("recordings").resolve(streamKey + ".flv");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: connected publishers see the peer vanish. */
    public synchronized void kill() {
        if (process != null) {
            TestProcesses.kill(process);
            process = null;
        }
    }

    public synchronized void restart() throws IOException {
        kill();
        launch();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            TestProcesses.stop(process);
            process = null;
        }
    }

    private synchronized void launch() throws IOException {
        Path log = directory.resolve("nginx.out");
        process = TestProcesses.start(List.of("nginx", "-p", directory.toString(), "-c",
                directory.resolve("nginx.conf").toString()), directory, log);
        TestProcesses.awaitListening(process, port, Duration.ofSeconds(10), log);
    }

    @Override
    public String toString() {
        return "nginx-rtmp 127.0.0.1:" + port + " (" + directory + ")";
    }
}
