package io.egress4j.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/** The real {@code bin/egress} command, run as a child process in its own working directory. */
final class EgressProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private EgressProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code egress <args>} in {@code workDir}; its plugins folder is {@code workDir/plugins}. */
    static EgressProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, Path.of(System.getProperty("egress.home")), args);
    }

    /** As {@link #start(Path, String...)}, with the distribution (launcher and bundles) in {@code egressHome}. */
    static EgressProcess start(Path workDir, Path egressHome, String... args) throws IOException {
        return start(workDir, egressHome, Map.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, with {@code environment} added to egress's. */
    static EgressProcess start(Path workDir, Path egressHome, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("egress.bin")));
        command.addAll(List.of(args));
        Path stdout = workDir.resolve("egress.out");
        Path stderr = workDir.resolve("egress.err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("EGRESS_HOME", egressHome.toString());
        builder.environment().put("EGRESS_PLUGINS_DIR", workDir.resolve("plugins").toString());
        builder.environment().putAll(environment);
        return new EgressProcess(builder.start(), stdout, stderr);
    }

    /** Starts {@code egress run} in {@code home} with {@code configYaml} and waits until it serves requests. */
    static EgressProcess startWorker(Path home, String configYaml) throws Exception {
        return startWorker(home, configYaml, Path.of(System.getProperty("egress.home")));
    }

    /** As {@link #startWorker(Path, String)}, with the distribution in {@code egressHome}. */
    static EgressProcess startWorker(Path home, String configYaml, Path egressHome) throws Exception {
        Files.createDirectories(home);
        Path config = Files.writeString(home.resolve("worker.yaml"), configYaml);
        EgressProcess worker = start(home, egressHome, "run", "--config", config.toString());
        worker.awaitStderr("ready: redis", 60);
        return worker;
    }

    /** Starts {@code egress serve} in {@code home} with {@code config} and waits until its worker is ready. */
    static EgressProcess startServe(Path home, Path config) throws Exception {
        Files.createDirectories(home);
        EgressProcess node = start(home, "serve", "--config", config.toString());
        node.awaitStderr("ready: standalone", 60);
        return node;
    }

    /** The handler process (of this worker) running {@code egressId}, as the worker logged it; empty once it ended. */
    Optional<ProcessHandle> handlerOf(String egressId) {
        Matcher line = Pattern.compile("\\[" + Pattern.quote(egressId) + "] runs in handler (\\d+)")
                .matcher(stderrText());
        return line.find() ? ProcessHandle.of(Long.parseLong(line.group(1))) : Optional.empty();
    }

    /** Runs {@code egress <args>} to completion. */
    static EgressProcess run(Path workDir, String... args) throws Exception {
        EgressProcess egress = start(workDir, args);
        egress.waitFor(180);
        return egress;
    }

    int waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("egress did not finish within " + seconds + " s; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    /**
     * Waits as {@link #waitFor(int)}, noting every process egress started meanwhile (Xvfb, PulseAudio,
     * chromedriver, Chromium), and fails if any of them is still running 10 s after egress exited.
     *
     * @return the commands of those processes
     */
    Collection<String> waitForLeavingNothingRunning(int seconds) throws InterruptedException {
        Map<ProcessHandle, String> started = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (process.isAlive() && System.nanoTime() < deadline) {
            process.descendants().forEach(child -> started.computeIfAbsent(child,
                    handle -> handle.info().command().orElse("?")));
            Thread.sleep(100);
        }
        waitFor(1);
        awaitGone(started.keySet(), "egress exited");
        return started.values();
    }

    /** Waits up to 10 s for {@code processes} to end; fails naming those still running {@code after} that. */
    static void awaitGone(Collection<ProcessHandle> processes, String after) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running after " + after + ": " + processes.stream()
                        .filter(ProcessHandle::isAlive).map(p -> p.info().command().orElse("?")).toList());
            }
            Thread.sleep(100);
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String stderrText() {
        return read(stderr);
    }

    String stdoutText() {
        return read(stdout);
    }

    /** Waits until standard error contains {@code text}; fails with the log when it does not appear in time. */
    void awaitStderr(String text, int seconds) throws InterruptedException {
        awaitStderr(text, 1, seconds);
    }

    /** Waits until standard error contains {@code text} {@code times} times. */
    void awaitStderr(String text, int times, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (stderrText().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
            if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                throw new AssertionError("\"" + text + "\" not seen on egress stderr:\n" + stderrText());
            }
            Thread.sleep(100);
        }
    }

    /** The final EgressInfo printed on standard output; after a JVM crash it follows the JVM's summary (lines starting with #). */
    JsonNode info() throws IOException {
        String text = read(stdout);
        int json = text.startsWith("{") ? 0 : text.indexOf("\n{");
        if (json < 0) {
            throw new AssertionError("egress printed no EgressInfo; stdout:\n" + text + "\nstderr:\n" + stderrText());
        }
        return JSON.readTree(text.substring(json).strip());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
