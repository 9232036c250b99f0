package io.egress4j.core.job;

import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.Redaction;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.TrackPlan;
import io.egress4j.core.request.TrackRequestPlanner;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.request.WebRequestPlanner;
import io.egress4j.core.storage.StorageTarget;
import io.egress4j.core.storage.StorageTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.egress4j.room.RecorderToken;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.ImagesInfo;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;

/** Validates a request against the service configuration and builds the job that runs it. */
public final class JobFactory {

    private final EgressConfig config;
    private final Plugins plugins;
    private final StreamUrls streamUrls = new StreamUrls();

    public JobFactory(EgressConfig config, Plugins plugins) {
        this.config = config;
        this.plugins = plugins;
    }

    /**
     * Checks a web request the way StartEgress does; nothing is started.
     *
     * @param startedAt when the egress was accepted: fills {@code {time}} and generated names, so a worker and its
     *                  handler resolve the same file names
     */
    public EgressPlan planWeb(WebEgressRequest request, String egressId, ZonedDateTime startedAt)
            throws EgressException {
        EgressPlan plan = new WebRequestPlanner(streamUrls).plan(request, egressId, startedAt);
        storage(fileUploads(plan));
        storage(segmentUploads(plan));
        storage(imageUploads(plan));
        return plan;
    }

    /** A job for a planned web egress, with a fresh work directory. */
    public EgressJob webJob(WebEgressRequest request, EgressPlan plan, Consumer<EgressInfo> updates)
            throws EgressException {
        return new EgressJob(plan, initialInfo(request, plan), plugins, settings(plan, workDir(plan.egressId())),
                updates);
    }

    /** Checks a track request the way StartEgress does; nothing is started. */
    public TrackPlan planTrack(TrackEgressRequest request, String egressId) throws EgressException {
        TrackPlan plan = TrackRequestPlanner.plan(request, egressId);
        storage(Collections.singletonList(plan.upload()));
        return plan;
    }

    /**
     * A job for a planned track egress. It joins with {@code token} when the request brought one, else with a
     * recorder token minted from {@code api_key} / {@code api_secret}.
     *
     * @param wsUrl the request's {@code ws_url}, or empty for the configured one
     */
    public TrackEgressJob trackJob(TrackEgressRequest request, TrackPlan plan, String wsUrl, String token,
                                   Consumer<EgressInfo> updates) throws EgressException {
        String url = wsUrl.isEmpty() ? config.wsUrl : wsUrl;
        if (url.isEmpty()) {
            throw EgressException.invalidField("ws_url");
        }
        String joinToken = token;
        if (joinToken.isEmpty()) {
            try {
                joinToken = RecorderToken.mint(config.apiKey, config.apiSecret, plan.roomName(), plan.egressId(),
                        Instant.now());
            } catch (IllegalArgumentException e) {
                throw new EgressException(Code.INVALID_ARGUMENT, e.getMessage());
            }
        }
        EgressInfo.Builder info = EgressInfo.newBuilder().setEgressId(plan.egressId()).setRoomName(plan.roomName())
                .setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_SDK).setTrack(redact(request));
        Path workDir = workDir(plan.egressId());
        JobSettings settings = new JobSettings(workDir, storage(Collections.singletonList(plan.upload())), List.of(), List.of(), StorageTargets.backup(config, plugins), Map.of(),
                config.videoEncoderThreads, Duration.ZERO, 0, config.maxUploadQueue, streamUrls);
        return new TrackEgressJob(plan, new TrackEgressJob.RoomAccess(url, joinToken), info, plugins, settings,
                updates);
    }

    /** A copy of {@code message} fit to report: secrets redacted as the running storage plugins declare them. */
    public <T extends Message> T redact(T message) {
        return Redaction.redact(message, plugins.registered());
    }

    /** The STARTING info upstream reports: IDs, source type, the request with secrets redacted, the file names. */
    public EgressInfo.Builder initialInfo(WebEgressRequest request, EgressPlan plan) {
        EgressInfo.Builder info = EgressInfo.newBuilder().setEgressId(plan.egressId())
                .setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_WEB).setWeb(redact(request));
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
        return info;
    }

    private static Path workDir(String egressId) throws EgressException {
        try {
            return Files.createTempDirectory("egress4j-" + egressId + "-");
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot create a work directory: " + e.getMessage(), e);
        }
    }

    /** Where each output goes; also how an unusable storage choice is refused before anything starts. */
    private List<StorageTarget> storage(List<Message> uploads) throws EgressException {
        List<StorageTarget> targets = new ArrayList<>();
        for (Message upload : uploads) {
            targets.add(StorageTargets.resolve(upload, config, plugins));
        }
        return targets;
    }

    /** The smallest duration limit of the outputs the egress has (upstream's rule); zero when none applies. */
    private Duration sessionLimit(EgressPlan plan) {
        EgressConfig.SessionLimits limits = config.sessionLimits;
        return Stream.of(plan.files().isEmpty() ? Duration.ZERO : limits.fileOutputMaxDuration,
                        plan.segments().isEmpty() ? Duration.ZERO : limits.segmentOutputMaxDuration,
                        plan.images().isEmpty() ? Duration.ZERO : limits.imageOutputMaxDuration,
                        plan.streams().isEmpty() ? Duration.ZERO : limits.streamOutputMaxDuration)
                .filter(limit -> !limit.isZero()).min(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static List<Message> fileUploads(EgressPlan plan) {
        return plan.files().stream().map(FilePlan::upload).toList();
    }

    private static List<Message> segmentUploads(EgressPlan plan) {
        return plan.segments().stream().map(SegmentPlan::upload).toList();
    }

    private static List<Message> imageUploads(EgressPlan plan) {
        return plan.images().stream().map(ImagePlan::upload).toList();
    }

    private JobSettings settings(EgressPlan plan, Path workDir) throws EgressException {
        Map<String, String> sourceOptions = new HashMap<>();
        sourceOptions.put("insecure", String.valueOf(config.insecure));
        sourceOptions.put("enable_chrome_sandbox", String.valueOf(config.enableChromeSandbox));
        config.chromeFlags.forEach((flag, value) -> sourceOptions.put("chrome_flag." + flag, value));
        return new JobSettings(workDir, storage(fileUploads(plan)), storage(segmentUploads(plan)),
                storage(imageUploads(plan)), StorageTargets.backup(config, plugins), sourceOptions,
                config.videoEncoderThreads, sessionLimit(plan),
                plan.files().isEmpty() ? 0 : config.sessionLimits.fileOutputMaxSize, config.maxUploadQueue,
                streamUrls);
    }
}
