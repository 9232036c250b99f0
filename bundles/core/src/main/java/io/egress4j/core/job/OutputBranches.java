package io.egress4j.core.job;

import io.egress4j.api.ArtifactSink;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.FileOptions;
import io.egress4j.api.ImageOptions;
import io.egress4j.api.ImagesBranch;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputOptions;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.SegmentOptions;
import io.egress4j.api.SegmentsBranch;
import io.egress4j.api.StreamBranch;
import io.egress4j.api.StreamOptions;
import io.egress4j.core.naming.SegmentNaming;
import io.egress4j.core.pipeline.PipelineDescription;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.ImagePlan;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.storage.ArtifactStore;
import io.egress4j.core.storage.StorageTarget;
import io.egress4j.media.MediaPipeline;
import io.egress4j.media.MediaTap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.SegmentedFileSuffix;

/**
 * The output branches of one web egress, opened from its plan with the output plugins: files, segments, images,
 * then streams (the order of the pipeline's entries). Each output gets its typed options and an
 * {@link OutputArtifacts} sink on its own storage; a stream output gets {@link LiveStreams} and, once the pipeline
 * plays, relays from a tap. At the end each output's queued artifacts are drained, the outputs finished and their
 * results handed to the tracker.
 */
final class OutputBranches {

    /** Stream outputs send; they have no storage. */
    private static final ArtifactSink STORES_NOTHING = new ArtifactSink() {
        @Override
        public String store(Path file, String storagePath, String contentType) throws EgressException {
            throw new EgressException(Code.INTERNAL, "stream outputs store no artifacts");
        }

        @Override
        public void enqueue(Job job) {
            throw new UnsupportedOperationException("stream outputs store no artifacts");
        }
    };

    /**
     * One opened output.
     *
     * @param what      the output as errors name it, e.g. {@code file /out/a.mp4}
     * @param artifacts its sink, whose queue is drained before it finishes; null for stream outputs
     */
    private record Opened(String what, OutputBranch branch, OutputArtifacts artifacts) {

        void finish() throws EgressException {
            if (artifacts != null) {
                artifacts.drain();
            }
            branch.finish();
        }
    }

    private final EgressPlan plan;
    private final Plugins plugins;
    private final JobSettings settings;
    private final ArtifactStore store;
    private final EgressInfoTracker tracker;
    private final List<Opened> opened = new ArrayList<>();
    private final List<SegmentsBranch> segments = new ArrayList<>();
    private final List<OutputArtifacts> segmentArtifacts = new ArrayList<>();
    private final List<ImagesBranch> images = new ArrayList<>();
    /** The stream outputs by their index in {@link #opened}. */
    private final Map<Integer, LiveStreams> streams = new HashMap<>();
    private final Map<Integer, MediaTap> taps = new HashMap<>();

    private OutputBranches(EgressPlan plan, Plugins plugins, JobSettings settings, ArtifactStore store,
                           EgressInfoTracker tracker) {
        this.plan = plan;
        this.plugins = plugins;
        this.settings = settings;
        this.store = store;
        this.tracker = tracker;
    }

    /**
     * Opens every output of {@code plan}.
     *
     * @param fileTargets where each file output writes, in plan order
     * @param manifest    lists what segments and images store while recording
     * @param end         how a stream output ends the egress when it is the only output and its last URL ended
     */
    static OutputBranches open(EgressPlan plan, List<Path> fileTargets, Plugins plugins, JobSettings settings,
                               ArtifactStore store, Manifest manifest, EgressInfoTracker tracker,
                               Consumer<Ending> end) throws EgressException {
        OutputBranches outputs = new OutputBranches(plan, plugins, settings, store, tracker);
        for (int i = 0; i < plan.files().size(); i++) {
            FilePlan file = plan.files().get(i);
            Path local = fileTargets.get(i);
            outputs.open("file", "file " + local, new FileOptions(local, file.format()),
                    outputs.artifacts(settings.fileStorage().get(i), Manifest.UNLISTED, "file", Integer.MAX_VALUE));
        }
        for (int i = 0; i < plan.segments().size(); i++) {
            SegmentPlan segment = plan.segments().get(i);
            SegmentNaming naming = segment.naming();
            OutputArtifacts artifacts = outputs.artifacts(settings.segmentStorage().get(i),
                    manifest.playlist(naming.playlistPath(), naming.livePlaylistPath()), "segment",
                    UploadQueueSize.segments(settings.maxUploadQueue(), segment.segmentSeconds()));
            OutputBranch branch = outputs.open("segments", "segments " + naming.playlistPath(),
                    segmentOptions(segment), artifacts);
            outputs.segments.add(expect(branch, SegmentsBranch.class, "segments"));
            outputs.segmentArtifacts.add(artifacts);
        }
        for (int i = 0; i < plan.images().size(); i++) {
            ImagePlan image = plan.images().get(i);
            OutputArtifacts artifacts = outputs.artifacts(settings.imageStorage().get(i), manifest.images(),
                    "image", UploadQueueSize.images(settings.maxUploadQueue(), image.intervalSeconds()));
            outputs.images.add(expect(outputs.open("images", "images", imageOptions(image), artifacts),
                    ImagesBranch.class, "images"));
        }
        for (StreamPlan stream : plan.streams()) {
            boolean onlyOutput = outputs.opened.isEmpty();
            StreamBranch branch = expect(outputs.open("stream", "stream", streamOptions(stream), null),
                    StreamBranch.class, "stream");
            outputs.streams.put(outputs.opened.size() - 1, new LiveStreams(plan.egressId(), stream, branch,
                    settings.streamUrls(), tracker, onlyOutput, end));
        }
        return outputs;
    }

    /** @param artifacts the output's sink; null for a stream output, which stores nothing */
    private OutputBranch open(String kind, String what, OutputOptions options, OutputArtifacts artifacts)
            throws EgressException {
        OutputBranch branch = plugins.output(kind).open(new OutputRequest(plan.egressId(), settings.workDir(),
                artifacts != null ? artifacts : STORES_NOTHING, options));
        opened.add(new Opened(what, branch, artifacts));
        return branch;
    }

    private OutputArtifacts artifacts(StorageTarget target, Manifest.Listing listing, String artifact,
                                      int queueCapacity) {
        return new OutputArtifacts(store, target, listing, tracker, new StoringQueue(artifact, queueCapacity));
    }

    /** The kind of branch the core needs from an output plugin, e.g. one that reports segment results. */
    private static <B extends OutputBranch> B expect(OutputBranch branch, Class<B> type, String kind)
            throws EgressException {
        if (!type.isInstance(branch)) {
            throw new EgressException(Code.INTERNAL,
                    "the " + kind + " output plugin does not implement " + type.getSimpleName());
        }
        return type.cast(branch);
    }

    static SegmentOptions segmentOptions(SegmentPlan segments) {
        SegmentNaming naming = segments.naming();
        return new SegmentOptions(Duration.ofSeconds(segments.segmentSeconds()), naming.storageDir(),
                naming.segmentPrefix(), naming.playlistFile(), naming.livePlaylistFile(),
                segments.suffix() == SegmentedFileSuffix.TIMESTAMP ? SegmentOptions.Suffix.TIMESTAMP
                        : SegmentOptions.Suffix.INDEX);
    }

    static ImageOptions imageOptions(ImagePlan images) {
        return new ImageOptions(Duration.ofSeconds(images.intervalSeconds()), images.width(), images.height(),
                images.naming().storageDir(), images.naming().prefix(), imageSuffix(images.suffix()));
    }

    private static ImageOptions.Suffix imageSuffix(ImageFileSuffix suffix) {
        return switch (suffix) {
            case IMAGE_SUFFIX_TIMESTAMP -> ImageOptions.Suffix.TIMESTAMP;
            case IMAGE_SUFFIX_NONE_OVERWRITE -> ImageOptions.Suffix.NONE_OVERWRITE;
            default -> ImageOptions.Suffix.INDEX;
        };
    }

    /** The planner leaves web egress streams RTMP or SRT. */
    static StreamOptions streamOptions(StreamPlan stream) {
        StreamOptions.Protocol protocol = switch (stream.protocol()) {
            case RTMP -> StreamOptions.Protocol.RTMP;
            case SRT -> StreamOptions.Protocol.SRT;
            default -> throw new IllegalArgumentException("no stream output for protocol " + stream.protocol());
        };
        return new StreamOptions(protocol, stream.urls().stream().map(StreamUrls.ValidatedUrl::url).toList());
    }

    /** Every branch in pipeline order: branch {@code i} is entry {@link PipelineDescription#entry(int) i}. */
    List<OutputBranch> branches() {
        return opened.stream().map(Opened::branch).toList();
    }

    /** Segments and playlists waiting to be stored, over every segment output. */
    int segmentUploadsWaiting() {
        return segmentArtifacts.stream().mapToInt(OutputArtifacts::waiting).sum();
    }

    /** A pipeline error, naming the output it happened in when the element belongs to one. */
    String describeError(String element, String message) {
        for (int i = 0; i < opened.size(); i++) {
            if (PipelineDescription.belongsToBranch(element, i)) {
                return opened.get(i).what() + ": " + message;
            }
        }
        return "pipeline error in " + element + ": " + message;
    }

    /** Hands an element message to the branch the element belongs to. */
    void onMessage(String element, String name, Map<String, String> fields) {
        for (int i = 0; i < opened.size(); i++) {
            if (PipelineDescription.belongsToBranch(element, i)) {
                opened.get(i).branch().onMessage(element, name, fields);
            }
        }
    }

    /** Before the pipeline plays: taps the appsink of each stream branch. */
    void tapStreams(MediaPipeline pipeline) {
        streams.keySet().forEach(i -> taps.put(i, pipeline.tap(PipelineDescription.entry(i) + "_tap")));
    }

    /** Media flows: every branch learns the wall clock of running time zero. */
    void clockStarted(Instant runningTimeZero) {
        opened.forEach(output -> output.branch().clockStarted(runningTimeZero));
    }

    /**
     * The pipeline plays: stream branches get their relay controls.
     *
     * @return the stream output's live streams (web egress has at most one), or null without one
     */
    LiveStreams attachStreams() {
        LiveStreams attached = null;
        for (Map.Entry<Integer, LiveStreams> stream : streams.entrySet()) {
            opened.get(stream.getKey()).branch().attached(stream.getValue().controls(taps.get(stream.getKey())));
            attached = stream.getValue();
        }
        return attached;
    }

    /**
     * After the pipeline drained: waits for what each output queued, finishes it, and reports the segments and
     * images results.
     *
     * @throws EgressException the first output that failed
     */
    void finish() throws EgressException {
        for (Opened output : opened) {
            output.finish();
        }
        for (int i = 0; i < segments.size(); i++) {
            tracker.segmentsResult(i, segments.get(i).result());
        }
        for (int i = 0; i < images.size(); i++) {
            tracker.imagesResult(i, images.get(i).result());
        }
    }
}
