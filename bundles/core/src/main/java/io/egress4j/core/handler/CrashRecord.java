package io.egress4j.core.handler;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;

/**
 * What an egress process that dies without warning (a native crash, SIGKILL) leaves for whoever reports it: a
 * folder of its own (the {@value #DIR_PROPERTY} system property) holding the JVM's crash report and the list of
 * files it was recording into. The worker reads it when a handler dies; {@code bin/egress} prints the final
 * EgressInfo prepared here ({@value #FINAL_INFO}) when the JVM of {@code egress record} crashes.
 */
public final class CrashRecord {

    /** The folder of this process, set on the command line of every egress JVM. */
    public static final String DIR_PROPERTY = "egress.run.dir";
    /** The EgressInfo {@code bin/egress} prints after a crash, with {@value #SIGNAL_PLACEHOLDER} to fill in. */
    static final String FINAL_INFO = "crashed.json";
    static final String SIGNAL_PLACEHOLDER = "{signal}";
    /** The files this process was recording into, one line each: the egress ID, a tab, the path. */
    static final String RECORDINGS = "recordings";
    private static final Pattern REPORTED_SIGNAL = Pattern.compile("(?m)^#\\s+(SIG[A-Z0-9]+) \\(0x");
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final System.Logger LOG = System.getLogger(CrashRecord.class.getName());

    private final Path dir;
    private EgressInfo latest;

    public CrashRecord(Path dir) {
        this.dir = dir;
    }

    /** The record of this process, when it was started with one. */
    public static Optional<CrashRecord> ofThisProcess() {
        return ThisProcess.RECORD;
    }

    private static final class ThisProcess {
        static final Optional<CrashRecord> RECORD = Optional.ofNullable(System.getProperty(DIR_PROPERTY))
                .filter(dir -> !dir.isBlank()).map(dir -> new CrashRecord(Path.of(dir)));
    }

    /** The JVM options that make a process keep its record in {@code dir}. */
    static List<String> jvmOptions(Path dir) {
        return List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-D" + DIR_PROPERTY + "=" + dir);
    }

    /**
     * Notes that {@code egressId}'s media is being written to {@code file}: after a crash, that is where the
     * recording is.
     */
    public synchronized void recordingAt(String egressId, Path file) {
        try {
            Files.writeString(dir.resolve(RECORDINGS), egressId + "\t" + file.toAbsolutePath() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot note the recording " + file + " in " + dir + ": " + e.getMessage());
        }
        writeFinalInfo();
    }

    /** Keeps what this process would have to report if it crashed now (used by {@code egress record}). */
    public synchronized void update(EgressInfo info) {
        latest = info;
        writeFinalInfo();
    }

    private void writeFinalInfo() {
        if (latest == null) {
            return;
        }
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        EgressInfo failed = latest.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setErrorCode(500)
                .setError(error(SIGNAL_PLACEHOLDER, recordingsKept(recordings(egressId -> true)),
                        crashReportOf(ProcessHandle.current().pid())))
                .setDetails("End reason: Failure").setEndedAt(now).setUpdatedAt(now).build();
        try {
            Files.writeString(dir.resolve(FINAL_INFO), JsonFormat.printer().print(failed) + "\n");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot prepare the crash report in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The error of {@code egressId}, whose process ended with {@code exitCode} and no final status, e.g. "egress
     * process crashed: SIGSEGV; the recording up to that point is kept at /out/a.mp4; crash report:
     * /tmp/…/hs_err_pid7.log".
     */
    public String errorAfterExit(String egressId, long pid, int exitCode) {
        Path report = crashReportOf(pid);
        Optional<String> reported = signalIn(report);
        String signal = reported.orElse(exitCode > 128 ? SIGNALS.getOrDefault(exitCode - 128, "signal "
                + (exitCode - 128)) : null);
        if (signal == null) {
            return "egress process exited with " + exitCode + recordingsKept(egressId);
        }
        return error(signal, recordingsKept(egressId), reported.isPresent() ? report : null);
    }

    /**
     * Mends what the crash left unreadable in {@code egressId}'s recordings ({@link FragmentedMp4Salvage}); call it
     * once the process is gone.
     */
    public void salvageRecordings(String egressId) {
        FragmentedMp4Salvage.salvageAll(recordings(egressId::equals),
                message -> LOG.log(Level.WARNING, message));
    }

    /** Whether the JVM wrote a crash report here, which must then be kept. */
    public boolean hasCrashReport() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err_pid"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String error(String signal, String recordingsKept, Path report) {
        return "egress process crashed: " + signal + recordingsKept
                + (report == null ? "" : "; crash report: " + report);
    }

    /** "; the recording up to that point is kept at …" naming {@code egressId}'s files, or nothing. */
    String recordingsKept(String egressId) {
        return recordingsKept(recordings(egressId::equals));
    }

    private static String recordingsKept(List<String> files) {
        return files.isEmpty() ? "" : "; the recording up to that point is kept at " + String.join(", ", files);
    }

    /** The files of the egresses {@code egressIds} accepts. */
    private List<String> recordings(Predicate<String> egressIds) {
        try {
            return Files.readAllLines(dir.resolve(RECORDINGS)).stream().map(line -> line.split("\t", 2))
                    .filter(entry -> entry.length == 2 && egressIds.test(entry[0])).map(entry -> entry[1])
                    .distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Path crashReportOf(long pid) {
        return dir.resolve("hs_err_pid" + pid + ".log");
    }

    private static Optional<String> signalIn(Path report) {
        try {
            Matcher matcher = REPORTED_SIGNAL.matcher(Files.readString(report, StandardCharsets.ISO_8859_1));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
