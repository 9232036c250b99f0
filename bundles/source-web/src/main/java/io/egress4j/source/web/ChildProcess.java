package io.egress4j.source.web;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A helper program (Xvfb, PulseAudio) that lives as long as one capture. It is started under
 * {@code setpriv --pdeathsig KILL}, so it dies with the egress process even when that process is killed with
 * SIGKILL and gets no chance to clean up.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code command}, sending its output to {@code log}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws EgressException {
        ProcessBuilder builder = diesWithUs(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return launch(name, ChildEnvironment.applyTo(builder, environment));
    }

    /** Starts {@code command} with its standard output kept for the caller (Xvfb reports its display there). */
    static ChildProcess startReadingOutput(String name, List<String> command, Path errorLog) throws EgressException {
        return launch(name, ChildEnvironment.applyTo(
                diesWithUs(command).redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile())), Map.of()));
    }

    private static ProcessBuilder diesWithUs(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return new ProcessBuilder(wrapped);
    }

    private static ChildProcess launch(String name, ProcessBuilder builder) throws EgressException {
        try {
            return new ChildProcess(name, builder.start());
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "failed to launch " + name + ": " + e.getMessage(), e);
        }
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
