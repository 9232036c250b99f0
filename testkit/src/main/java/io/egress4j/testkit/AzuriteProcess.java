package io.egress4j.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, Microsoft's Azure Storage emulator (blob service only), as a throwaway process on a free loopback port
 * with its own data directory. It comes from npm: {@code scripts/install-test-tools} puts it into {@code .tools/} of
 * the checkout. Without it {@link #start()} fails rather than letting a test skip, so a missing emulator cannot hide
 * a broken backend.
 */
public final class AzuriteProcess implements AutoCloseable {

    /** Azurite's documented well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's documented key. */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private AzuriteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Azurite's blob service and waits until it listens (at most 30 s). */
    public static AzuriteProcess start() throws IOException, InterruptedException {
        Path azuriteBlob = TestTools.nodeModules().resolve(".bin/azurite-blob");
        if (!Files.isExecutable(azuriteBlob)) {
            throw new IllegalStateException(
                    "Azurite is not installed (" + azuriteBlob + " is missing): run scripts/install-test-tools");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("azurite");
        Path log = dir.resolve("azurite.log");
        // --disableTelemetry: no data leaves the machine, and the process exits on SIGTERM.
        Process process = new ProcessBuilder(azuriteBlob.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--location", dir.toString(), "--skipApiVersionCheck", "--loose",
                "--disableTelemetry", "--silent")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        AzuriteProcess azurite = new AzuriteProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                azurite.close();
                throw new IllegalStateException("Azurite did not listen on port " + port + " within 30 s");
            }
            Thread.sleep(100);
        }
        return azurite;
    }

    /** The blob service URL of the development account: {@code http://127.0.0.1:<port>/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The checkout root: the nearest directory upwards that has scripts/install-test-tools. */
}
