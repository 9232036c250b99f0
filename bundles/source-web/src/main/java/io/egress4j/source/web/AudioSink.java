package io.egress4j.source.web;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A private PulseAudio server with one null sink named after the egress. The browser plays into the sink and the
 * pipeline records its monitor. A server per egress, rather than one shared daemon, means no client limit shared
 * between jobs and nothing left behind when a job dies.
 */
final class AudioSink implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;

    private final ChildProcess pulseaudio;
    private final String server;
    private final String sinkName;

    private AudioSink(ChildProcess pulseaudio, String server, String sinkName) {
        this.pulseaudio = pulseaudio;
        this.server = server;
        this.sinkName = sinkName;
    }

    static AudioSink start(String sinkName, Path workDir) throws EgressException {
        Path runtime = workDir.resolve("pulse");
        Path socket = runtime.resolve("native");
        try {
            Files.createDirectories(runtime);
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot create " + runtime + ": " + e.getMessage(), e);
        }
        ChildProcess pulseaudio = ChildProcess.start("PulseAudio", List.of("pulseaudio", "-n", "--daemonize=no",
                        "--system=false", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
                        "--load=module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
                        "--load=module-null-sink sink_name=" + sinkName + " rate=48000 channels=2"
                                + " sink_properties=device.description=" + sinkName),
                Map.of("HOME", workDir.toString(), "XDG_RUNTIME_DIR", runtime.toString(),
                        "PULSE_RUNTIME_PATH", runtime.toString()),
                workDir.resolve("pulseaudio.log"));
        try {
            awaitSocket(pulseaudio, socket);
        } catch (EgressException e) {
            pulseaudio.close();
            throw e;
        }
        return new AudioSink(pulseaudio, "unix:" + socket, sinkName);
    }

    private static void awaitSocket(ChildProcess pulseaudio, Path socket) throws EgressException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!Files.exists(socket)) {
            if (!pulseaudio.isAlive() || System.currentTimeMillis() > deadline) {
                throw new EgressException(Code.INTERNAL,
                        "PulseAudio did not start (see pulseaudio.log in the egress work dir)");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EgressException(Code.INTERNAL, "interrupted while starting PulseAudio");
            }
        }
    }

    /** The server address for clients ({@code PULSE_SERVER}). */
    String server() {
        return server;
    }

    String sinkName() {
        return sinkName;
    }

    @Override
    public void close() {
        pulseaudio.close();
    }
}
