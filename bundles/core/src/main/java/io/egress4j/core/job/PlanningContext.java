package io.egress4j.core.job;

import com.google.protobuf.Message;
import io.egress4j.api.BrowserOptions;
import io.egress4j.api.DirectFile;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.VideoFormat;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.OutputPlanner;
import io.egress4j.core.request.Redaction;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.request.UrlPolicy;
import io.egress4j.core.storage.StorageTarget;
import io.egress4j.core.storage.StorageTargets;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.room.RecorderToken;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core's side of planning one request: it plans the outputs the egress type asks for, checks their storage,
 * and remembers both, so that the job it becomes knows its outputs, their storage and which limits apply.
 */
final class PlanningContext implements EgressContext {

    /** Encoded outputs as planned, with where each file, segment and image output is stored (in plan order). */
    record Encoded(EgressPlan plan, List<StorageTarget> fileStorage, List<StorageTarget> segmentStorage,
                   List<StorageTarget> imageStorage) implements EncodedOutputs {

        @Override
        public Optional<VideoFormat> video() {
            return plan.video() ? Optional.of(plan.encoding().videoFormat()) : Optional.empty();
        }

        @Override
        public boolean audio() {
            return plan.audio();
        }
    }

    /** A file the egress type writes itself, and its storage. */
    record PlannedDirectFile(String filepath, StorageTarget storage) implements DirectFile {
    }

    private final StartEgressRequest request;
    private final ZonedDateTime startedAt;
    private final EgressConfig config;
    private final Plugins plugins;
    private final StreamUrls streamUrls;
    private final UrlPolicy urlPolicy;
    private Encoded encoded;
    private final List<PlannedDirectFile> directFiles = new ArrayList<>();

    PlanningContext(StartEgressRequest request, ZonedDateTime startedAt, EgressConfig config, Plugins plugins,
                    StreamUrls streamUrls, UrlPolicy urlPolicy) {
        this.request = request;
        this.startedAt = startedAt;
        this.config = config;
        this.plugins = plugins;
        this.streamUrls = streamUrls;
        this.urlPolicy = urlPolicy;
    }

    @Override
    public String egressId() {
        return request.getEgressId();
    }

    @Override
    public ZonedDateTime startedAt() {
        return startedAt;
    }

    @Override
    public EncodedOutputs planEncoded(RequestedOutputs outputs) throws EgressException {
        if (encoded != null) {
            throw new IllegalStateException("an egress encodes once: planEncoded was already called");
        }
        EgressPlan plan = new OutputPlanner(streamUrls).plan(outputs, egressId(), startedAt,
                request.getRetryCount());
        encoded = new Encoded(plan, storage(plan.files().stream().map(FilePlan::upload).toList()),
                storage(plan.segments().stream().map(SegmentPlan::upload).toList()),
                storage(plan.images().stream().map(ImagePlan::upload).toList()));
        return encoded;
    }

    @Override
    public DirectFile planDirectFile(String filepath, Message fileOutput) throws EgressException {
        PlannedDirectFile file = new PlannedDirectFile(filepath,
                StorageTargets.resolve(OutputPlanner.upload(fileOutput), config, plugins));
        directFiles.add(file);
        return file;
    }

    @Override
    public RoomAccess roomAccess(String roomName) throws EgressException {
        String url = request.getWsUrl().isEmpty() ? config.wsUrl : request.getWsUrl();
        if (url.isEmpty()) {
            throw EgressException.invalidField("ws_url");
        }
        if (!request.getToken().isEmpty()) {
            return new RoomAccess(url, request.getToken());
        }
        try {
            return new RoomAccess(url, RecorderToken.mint(config.apiKey, config.apiSecret, roomName, egressId(),
                    Instant.now()));
        } catch (IllegalArgumentException e) {
            throw new EgressException(Code.INVALID_ARGUMENT, e.getMessage());
        }
    }

    @Override
    public void checkUrl(String field, String url) throws EgressException {
        urlPolicy.check(field, url);
    }

    @Override
    public String templateBase() {
        return config.templateBase;
    }

    @Override
    public BrowserOptions browser() {
        return config.browserOptions();
    }

    @Override
    public <T extends Message> T redact(T message) {
        return Redaction.redact(message, plugins.registered());
    }

    /** The request's {@code retry_count}. */
    int retryCount() {
        return request.getRetryCount();
    }

    /** The encoded outputs, if the type planned any. */
    Optional<Encoded> encoded() {
        return Optional.ofNullable(encoded);
    }

    List<PlannedDirectFile> directFiles() {
        return List.copyOf(directFiles);
    }

    /** Where each output goes; also how an unusable storage choice is refused before anything starts. */
    private List<StorageTarget> storage(List<Message> uploads) throws EgressException {
        List<StorageTarget> targets = new ArrayList<>();
        for (Message upload : uploads) {
            targets.add(StorageTargets.resolve(upload, config, plugins));
        }
        return targets;
    }
}
