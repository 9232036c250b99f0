package io.egress4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of the test class path in a child JVM made to expose native memory bugs: a small heap (96 MB) collected
 * often (so gst1-java-core's reaper frees unreachable wrappers at unexpected moments), glibc's malloc checking and
 * freed-memory poisoning, and GLib without its slice allocator. A crash there fails the test instead of killing the
 * build, and the crash report is kept in the test's directory. ({@code -Xcheck:jni} is left out: JNA trips its
 * exception-check warning on every call, which buries the output and slows the run threefold.)
 */
public final class NativeCheckedJvm {

    private static final Path MALLOC_DEBUG = Path.of("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0");

    /** How one run ended: exit code, everything it printed, and the JVM crash report if there is one. */
    public record Outcome(int exitCode, String output, String crashReport) {

        public boolean clean() {
            return exitCode == 0 && crashReport.isEmpty();
        }

        /** A one-paragraph summary for an assertion message. */
        public String describe() {
            String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
            String crash = crashReport.lines().limit(40).reduce("", (a, b) -> a + b + "\n");
            return "exit " + exitCode + "\n--- output (tail) ---\n" + tail
                    + (crash.isEmpty() ? "" : "\n--- crash report (head) ---\n" + crash);
        }
    }

    /** The body of a main run in the child JVM. */
    @FunctionalInterface
    public interface Program {
        void run(String[] args) throws Exception;
    }

    private NativeCheckedJvm() {
    }

    /**
     * The child's side: runs {@code program} and exits 0, or prints the failure and exits 1 (GStreamer's threads
     * would otherwise keep the JVM alive after main returns or throws).
     */
    public static void main(String[] args, Program program) {
        try {
            program.run(args);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** The child's side: a daemon thread that forces a full collection every {@code millis} milliseconds. */
    public static void collectEvery(long millis) {
        Thread pressure = new Thread(() -> {
            try {
                while (true) {
                    System.gc();
                    Thread.sleep(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gc-pressure");
        pressure.setDaemon(true);
        pressure.start();
    }

    /**
     * Runs {@code mainClass} with {@code args} in {@code dir} (which receives the output log and any crash report)
     * and waits up to {@code timeout}; a run that takes longer is killed and reported with exit code -1.
     */
    public static Outcome run(String mainClass, List<String> args, Path dir, Duration timeout) throws IOException {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(args);
        Path log = dir.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("G_SLICE", "always-malloc");
        builder.environment().put("GLIBC_TUNABLES", "glibc.malloc.perturb=170");
        if (Files.exists(MALLOC_DEBUG)) { // glibc >= 2.34 checks only with its debug library preloaded
            builder.environment().put("LD_PRELOAD", MALLOC_DEBUG.toString());
            builder.environment().put("MALLOC_CHECK_", "3");
        }
        Process process = builder.start();
        int exit;
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor();
                exit = -1;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Outcome(exit, Files.readString(log), crashReport(dir));
    }

    private static String crashReport(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
            StringBuilder text = new StringBuilder();
            for (Path report : reports) {
                text.append(Files.readString(report));
            }
            return text.toString();
        }
    }
}
