package io.egress4j.core.job;

import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.EgressType;
import io.egress4j.api.PlannedEgress;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.metrics.HandlerMetrics;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.Redaction;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.request.UrlPolicy;
import io.egress4j.core.storage.StorageTargets;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.ImagesInfo;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamInfo;

/**
 * Plans a request with the egress type that handles it, and builds the job that runs it. The same for every type:
 * what differs lives in the type's plugin.
 */
public final class JobFactory {

    /** A request its type accepted, with what the core planned for it. */
    public static final class Planned {
        private final EgressType type;
        private final PlannedEgress egress;
        private final PlanningContext context;

        private Planned(EgressType type, PlannedEgress egress, PlanningContext context) {
            this.type = type;
            this.egress = egress;
            this.context = context;
        }

        public EgressType type() {
            return type;
        }

        public String egressId() {
            return context.egressId();
        }

        /** One line for the log: what is recorded, without secrets. */
        public String summary() {
            return egress.summary();
        }
    }

    private final EgressConfig config;
    private final Plugins plugins;
    private final UrlPolicy urlPolicy;
    private final StreamUrls streamUrls;

    /**
     * @param localUser whether the requests come from the local user's own CLI ({@code egress record}), who may
     *                  record {@code file:} URLs; requests from the bus may not
     */
    public JobFactory(EgressConfig config, Plugins plugins, boolean localUser) {
        this.config = config;
        this.plugins = plugins;
        this.urlPolicy = new UrlPolicy(config.allowedNetworks, localUser);
        this.streamUrls = new StreamUrls(urlPolicy);
    }

    /**
     * Checks {@code request} the way StartEgress does; nothing is started.
     *
     * @param startedAt when the egress was accepted: fills {@code {time}} and generated names, so a worker and its
     *                  handler resolve the same file names
     * @throws EgressException INVALID_ARGUMENT when no running egress type handles the request, or with the
     *                         type's message naming the field at fault
     */
    public Planned plan(StartEgressRequest request, ZonedDateTime startedAt) throws EgressException {
        EgressType type = plugins.awaitTypeFor(request);
        PlanningContext context = new PlanningContext(request, startedAt, config, plugins, streamUrls, urlPolicy);
        return new Planned(type, type.plan(request, context), context);
    }

    /**
     * The STARTING info upstream reports: IDs, what the type describes (source type, the redacted request), and
     * the planned outputs' names.
     */
    public EgressInfo.Builder initialInfo(Planned planned) {
        EgressInfo.Builder info = EgressInfo.newBuilder().setEgressId(planned.egressId());
        planned.egress.describe(info);
        planned.context.encoded().map(PlanningContext.Encoded::plan).ifPresent(plan -> describeOutputs(plan, info));
        return info;
    }

    /**
     * A job for a planned request, with a fresh work directory.
     *
     * @param initialInfo the STARTING info ({@link #initialInfo}, or what the worker reported)
     * @param metrics     counts its uploads
     */
    public JobLifecycle job(Planned planned, EgressInfo.Builder initialInfo, HandlerMetrics metrics,
                            Consumer<EgressInfo> updates) throws EgressException {
        Optional<PlanningContext.Encoded> encoded = planned.context.encoded();
        boolean files = encoded.map(e -> !e.plan().files().isEmpty()).orElse(false)
                || !planned.context.directFiles().isEmpty();
        JobSettings settings = new JobSettings(workDir(planned.egressId()),
                encoded.map(PlanningContext.Encoded::fileStorage).orElse(List.of()),
                encoded.map(PlanningContext.Encoded::segmentStorage).orElse(List.of()),
                encoded.map(PlanningContext.Encoded::imageStorage).orElse(List.of()),
                StorageTargets.backup(config, plugins), config.videoEncoderThreads,
                sessionLimit(files, encoded.map(PlanningContext.Encoded::plan)),
                files ? config.sessionLimits.fileOutputMaxSize : 0, config.maxUploadQueue, streamUrls);
        return new JobLifecycle(planned.egress, planned.context, initialInfo, plugins, settings, metrics, updates);
    }

    /** A copy of {@code message} fit to report: secrets redacted as the schema and the storage plugins declare. */
    public <T extends Message> T redact(T message) {
        return Redaction.redact(message, plugins.registered());
    }

    private static void describeOutputs(EgressPlan plan, EgressInfo.Builder info) {
        for (FilePlan file : plan.files()) {
            info.addFileResults(FileInfo.newBuilder().setFilename(file.storagePath()));
        }
        for (ImagePlan images : plan.images()) {
            info.addImageResults(ImagesInfo.newBuilder().setFilenamePrefix(images.naming().filenamePrefix()));
        }
        for (StreamPlan stream : plan.streams()) {
            stream.urls().forEach(url -> info.addStreamResults(StreamInfo.newBuilder().setUrl(url.redacted())));
        }
        for (SegmentPlan segments : plan.segments()) {
            info.addSegmentResults(SegmentsInfo.newBuilder().setPlaylistName(segments.naming().playlistPath())
                    .setLivePlaylistName(segments.naming().livePlaylistPath()));
        }
    }

    private static Path workDir(String egressId) throws EgressException {
        try {
            return Files.createTempDirectory("egress4j-" + egressId + "-");
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot create a work directory: " + e.getMessage(), e);
        }
    }

    /** The smallest duration limit of the outputs the egress has (upstream's rule); zero when none applies. */
    private Duration sessionLimit(boolean files, Optional<EgressPlan> encoded) {
        EgressConfig.SessionLimits limits = config.sessionLimits;
        boolean segments = encoded.map(plan -> !plan.segments().isEmpty()).orElse(false);
        boolean images = encoded.map(plan -> !plan.images().isEmpty()).orElse(false);
        boolean streams = encoded.map(plan -> !plan.streams().isEmpty()).orElse(false);
        return Stream.of(files ? limits.fileOutputMaxDuration : Duration.ZERO,
                        segments ? limits.segmentOutputMaxDuration : Duration.ZERO,
                        images ? limits.imageOutputMaxDuration : Duration.ZERO,
                        streams ? limits.streamOutputMaxDuration : Duration.ZERO)
                .filter(limit -> !limit.isZero()).min(Duration::compareTo).orElse(Duration.ZERO);
    }
}
