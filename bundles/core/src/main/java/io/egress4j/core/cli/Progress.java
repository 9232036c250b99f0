package io.egress4j.core.cli;

import io.egress4j.core.DaemonThreads;
import io.egress4j.core.job.JobLifecycle;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a running recording on stderr: elapsed time and bytes written. On a terminal the line updates in place
 * every second; in a log it is a new line every five seconds.
 */
final class Progress implements AutoCloseable {

    private final JobLifecycle job;
    private final String egressId;
    private final PrintStream err;
    private final boolean terminal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("progress"));

    Progress(JobLifecycle job, String egressId, PrintStream err, boolean terminal) {
        this.job = job;
        this.egressId = egressId;
        this.err = err;
        this.terminal = terminal;
    }

    void start() {
        timer.scheduleAtFixedRate(this::print, 1, terminal ? 1 : 5, TimeUnit.SECONDS);
    }

    private void print() {
        Instant since = job.activeSince();
        String line = since == null
                ? egressId + ": starting"
                : String.format(Locale.ROOT, "%s: recording %s, %s written", egressId,
                        clock(Duration.between(since, Instant.now())), bytes(job.bytesWritten()));
        err.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
        err.flush();
    }

    static String clock(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            err.println();
        }
    }
}
