package io.egress4j.core.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.egress4j.api.EgressException;
import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.LogLevel;
import io.egress4j.core.handler.CrashRecord;
import io.egress4j.core.job.JobFactory;
import io.egress4j.core.metrics.HandlerMetrics;
import io.egress4j.core.job.JobLifecycle;
import io.egress4j.core.job.WorkDirs;
import io.egress4j.core.job.Plugins;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress record}: runs one egress in this process, with no Redis and no LiveKit server. Progress goes to
 * stderr and the final EgressInfo, as protobuf JSON, to stdout.
 */
@Component(service = Function.class, property = "egress.command=record")
public final class RecordCommand implements Function<Map<String, Object>, Integer> {

    static final int COMPLETE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ABORTED = 3;
    static final int LIMIT_REACHED = 4;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Reference
    private Plugins plugins;

    @Override
    public Integer apply(Map<String, Object> launcherArguments) {
        Invocation invocation = Invocation.of(launcherArguments);
        RecordOptions options;
        EgressConfig config;
        StartEgressRequest request;
        try {
            options = RecordOptions.parse(invocation.args());
            if (options.help()) {
                out.print(RecordOptions.USAGE);
                return COMPLETE;
            }
            config = ConfigLoader.load(options.configFile(), System.getenv(), plugins.registered());
            request = options.request() != null ? RequestFile.read(options.request(), options.requestType())
                    : RequestShortcut.build(options);
        } catch (IllegalArgumentException | ConfigException | UsageException e) {
            err.println("egress record: " + e.getMessage());
            return USAGE;
        }
        LogLevel.apply(config.logging.level);
        return record(request.toBuilder().setEgressId(EgressIds.next()).build(), config, options,
                invocation.stop());
    }

    private int record(StartEgressRequest request, EgressConfig config, RecordOptions options,
                       CompletionStage<String> stop) {
        JobFactory jobs = new JobFactory(config, plugins, true);
        JobLifecycle job;
        try {
            JobFactory.Planned planned = jobs.plan(request, ZonedDateTime.now());
            // The CLI serves no metrics: its counters are kept by nobody.
            AtomicBoolean active = new AtomicBoolean();
            job = jobs.job(planned, jobs.initialInfo(planned), new HandlerMetrics(), info -> {
                keepForCrash(info);
                if (info.getStatus() == EgressStatus.EGRESS_ACTIVE && !active.getAndSet(true)) {
                    err.println(request.getEgressId() + ": active (recording from here)");
                }
            });
            err.println(request.getEgressId() + ": recording " + planned.summary());
        } catch (EgressException e) {
            err.println("egress record: " + e.getMessage());
            return FAILED;
        }
        stop.thenAccept(signal -> job.stop("Stopped by " + signal));
        EgressInfo result;
        try (Progress progress = new Progress(job, request.getEgressId(), err, System.console() != null)) {
            progress.start();
            result = job.run(options.duration());
        }
        return report(result, job.workDir());
    }

    /** If this process crashes, bin/egress prints the final EgressInfo prepared from the latest one. */
    private static void keepForCrash(EgressInfo info) {
        CrashRecord.ofThisProcess().ifPresent(record -> record.update(info));
    }

    private int report(EgressInfo result, Path workDir) {
        try {
            out.println(JsonFormat.printer().print(result));
        } catch (InvalidProtocolBufferException e) {
            err.println("egress record: cannot print the result: " + e.getMessage());
        }
        for (FileInfo file : result.getFileResultsList()) {
            if (!file.getLocation().isEmpty()) {
                err.printf("%s: %s (%s, %s)%n", result.getEgressId(), file.getLocation(),
                        Progress.bytes(file.getSize()), Progress.clock(java.time.Duration.ofNanos(file.getDuration())));
            }
        }
        EgressStatus status = result.getStatus();
        if (status == EgressStatus.EGRESS_COMPLETE) {
            WorkDirs.delete(workDir);
            err.println(result.getEgressId() + ": " + status.name().substring("EGRESS_".length()));
            return COMPLETE;
        }
        err.println(result.getEgressId() + ": " + status.name().substring("EGRESS_".length()) + ": "
                + result.getError() + " (logs kept in " + workDir + ")");
        return switch (status) {
            case EGRESS_ABORTED -> ABORTED;
            case EGRESS_LIMIT_REACHED -> LIMIT_REACHED;
            default -> FAILED;
        };
    }

    /** A command-line mistake: reported without a stack trace, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
