package io.egress4j.core.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.egress4j.api.EgressException;
import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.ConfigLoader;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.handler.CrashRecord;
import io.egress4j.core.job.EgressJob;
import io.egress4j.core.job.TrackEgressJob;
import io.egress4j.core.job.JobFactory;
import io.egress4j.core.job.WorkDirs;
import io.egress4j.core.job.Plugins;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.TrackPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress record}: runs one web egress in this process, with no Redis and no LiveKit server. Progress goes to
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
        String[] args = invocation.args();
        CompletionStage<String> stop = invocation.stop();
        RecordOptions options;
        EgressConfig config;
        WebEgressRequest request;
        try {
            options = RecordOptions.parse(args);
            if (options.help()) {
                out.print(RecordOptions.USAGE);
                return COMPLETE;
            }
            config = ConfigLoader.load(options.configFile(), System.getenv(), plugins.registered());
            if (options.request() != null && isTrackRequest(options.request())) {
                applyLogLevel(config.logging.level);
                return recordTrack(readTrackRequest(options.request()), config, options, stop);
            }
            request = options.request() != null ? readRequest(options.request()) : RequestShortcut.build(options);
        } catch (IllegalArgumentException | ConfigException | UsageException e) {
            err.println("egress record: " + e.getMessage());
            return USAGE;
        }
        applyLogLevel(config.logging.level);
        return record(request, config, options, stop);
    }

    private int record(WebEgressRequest request, EgressConfig config, RecordOptions options,
                       CompletionStage<String> stop) {
        JobFactory jobs = new JobFactory(config, plugins);
        EgressPlan plan;
        EgressJob job;
        try {
            plan = jobs.planWeb(request, EgressIds.next(), ZonedDateTime.now());
            job = jobs.webJob(request, plan, RecordCommand::keepForCrash);
        } catch (EgressException e) {
            err.println("egress record: " + e.getMessage());
            return FAILED;
        }
        String egressId = plan.egressId();
        stop.thenAccept(signal -> job.stop("Stopped by " + signal));
        err.println(egressId + ": recording " + plan.url() + (plan.awaitStartSignal()
                ? " once the page logs START_RECORDING" : ""));
        EgressInfo result;
        try (Progress progress = new Progress(job, egressId, err, System.console() != null)) {
            progress.start();
            result = job.run(options.duration());
        }
        return report(result, job.workDir());
    }

    private int recordTrack(TrackEgressRequest request, EgressConfig config, RecordOptions options,
                            CompletionStage<String> stop) {
        JobFactory jobs = new JobFactory(config, plugins);
        TrackEgressJob job;
        try {
            TrackPlan plan = jobs.planTrack(request, EgressIds.next());
            job = jobs.trackJob(request, plan, "", "", RecordCommand::keepForCrash);
            err.println(plan.egressId() + ": recording track " + plan.trackId() + " of room " + plan.roomName());
        } catch (EgressException e) {
            err.println("egress record: " + e.getMessage());
            return FAILED;
        }
        stop.thenAccept(signal -> job.stop("Stopped by " + signal));
        return report(job.run(options.duration()), job.workDir());
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

    /** Track requests name a track; every other request file is a web request. */
    private static boolean isTrackRequest(Path file) throws UsageException {
        try {
            String json = Files.readString(file);
            return json.contains("\"trackId\"") || json.contains("\"track_id\"");
        } catch (IOException e) {
            throw new UsageException("request file not found: " + file);
        }
    }

    private static TrackEgressRequest readTrackRequest(Path file) throws UsageException {
        return (TrackEgressRequest) read(file, TrackEgressRequest.newBuilder());
    }

    private static WebEgressRequest readRequest(Path file) throws UsageException {
        return (WebEgressRequest) read(file, WebEgressRequest.newBuilder());
    }

    /** Parses the request file (protobuf JSON) into {@code builder}'s message type. */
    private static Message read(Path file, Message.Builder builder) throws UsageException {
        try {
            JsonFormat.parser().merge(Files.readString(file), builder);
            return builder.build();
        } catch (NoSuchFileException e) {
            throw new UsageException("request file not found: " + file);
        } catch (IOException e) {
            throw new UsageException(file + ": not a valid " + builder.getDescriptorForType().getName() + ": "
                    + e.getMessage());
        }
    }

    private static void applyLogLevel(String level) {
        Logger.getLogger("").setLevel(switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        });
    }

    /** A command-line mistake: reported without a stack trace, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
