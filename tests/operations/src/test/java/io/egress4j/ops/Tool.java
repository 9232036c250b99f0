package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An external command-line tool the checks run; a missing tool fails the test with the package that brings it. */
record Tool(String name, String debianPackage) {

    static final Tool KUBECTL = new Tool("kubectl", "kubernetes-client");
    static final Tool PROMTOOL = new Tool("promtool", "prometheus");
    static final Tool SYSTEMD_ANALYZE = new Tool("systemd-analyze", "systemd");

    /** What a run printed (standard output and error, interleaved) and its exit code. */
    record Result(int exitCode, String output) {
    }

    Result run(Path directory, String... arguments) throws IOException, InterruptedException {
        return run(directory, null, arguments);
    }

    /** Runs the tool with {@code input} (a file, or null for none) as its standard input. */
    Result run(Path directory, Path input, String... arguments) throws IOException, InterruptedException {
        requireInstalled();
        List<String> command = new java.util.ArrayList<>(List.of(name));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(name, ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Runs the tool and fails the test, with its output, unless it exits with 0. */
    String check(Path directory, String... arguments) throws IOException, InterruptedException {
        Result result = run(directory, arguments);
        if (result.exitCode() != 0) {
            fail(name + " " + String.join(" ", arguments) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    private void requireInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return;
            }
        }
        fail(name + " is not on the PATH; scripts/install-deps installs it (Debian package " + debianPackage + ")");
    }
}
