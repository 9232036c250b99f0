package io.egress4j.core.job;

import io.egress4j.api.Capture;
import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.Source;
import io.egress4j.api.SourceRequest;
import io.egress4j.core.pipeline.H264Tuning;
import io.egress4j.core.pipeline.PipelineDescription;
import io.egress4j.media.MediaPipeline;
import io.egress4j.media.PipelineEvents;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records a source's raw media into an egress's encoded outputs: open the source, wait for its start signal, build
 * and play one pipeline (capture, one encode, every output branch), wait for the ending, drain with end-of-stream
 * and finish the outputs. Whatever goes wrong after media started, the files are finalised.
 */
final class EncodedRecording {

    /** Upstream gives a draining pipeline 30 s before it calls it frozen. */
    private static final Duration EOS_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration FAILED_DRAIN = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(EncodedRecording.class.getName());

    private final JobLifecycle job;
    private final PlanningContext.Encoded outputs;
    private final List<Path> fileTargets;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile LiveStreams liveStreams;

    EncodedRecording(JobLifecycle job, PlanningContext.Encoded outputs, List<Path> fileTargets) {
        this.job = job;
        this.outputs = outputs;
        this.fileTargets = List.copyOf(fileTargets);
    }

    /** The stream outputs' URLs, once the pipeline plays; null before. */
    LiveStreams liveStreams() {
        return liveStreams;
    }

    /** Returns at once, without recording, when the egress ends before the source signals its start. */
    void record(Source source, SourceRequest request) throws EgressException, InterruptedException {
        // The pipeline is closed before the capture: ximagesrc must let go of the X display before Xvfb exits, or
        // Xlib's fatal-error handler ends the whole process.
        try (Capture capture = source.open(request, captureEvents())) {
            awaitStart();
            if (!job.ending().isDone()) {
                encode(capture);
            }
        }
    }

    private CaptureEvents captureEvents() {
        return new CaptureEvents() {
            @Override
            public void started() {
                started.complete(null);
            }

            @Override
            public void ended(String reason) {
                job.sourceClosed(reason);
            }

            @Override
            public void failed(EgressException error) {
                job.fail(error);
            }
        };
    }

    private void awaitStart() throws InterruptedException {
        try {
            CompletableFuture.anyOf(started, job.ending()).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("start and ending futures never complete exceptionally", e);
        }
    }

    private void encode(Capture capture) throws EgressException, InterruptedException {
        CompletableFuture<Ending> ending = job.ending();
        OutputBranches branches = OutputBranches.open(outputs.plan(), fileTargets, job.plugins(),
                job.settings(), job.store(), job.manifest(), job.tracker(), ending::complete);
        List<OutputBranch> opened = branches.branches();
        if (!outputs.plan().segments().isEmpty()) {
            job.metrics().segmentQueue(job.egressId(), branches::segmentUploadsWaiting);
        }
        String description = PipelineDescription.build(capture.videoElements(), capture.audioElements(),
                outputs.plan().encoding(), H264Tuning.of(outputs.plan()), job.settings().encoderThreads(), opened);
        LOG.log(Level.DEBUG, "pipeline for {0}:\n{1}", job.egressId(), description);
        try (MediaPipeline pipeline = MediaPipeline.parse(job.egressId(), description, new PipelineEvents() {
            @Override
            public void error(String element, String message) {
                job.fail(new EgressException(Code.INTERNAL, branches.describeError(element, message)));
            }

            @Override
            public void elementMessage(String element, String name, Map<String, String> fields) {
                branches.onMessage(element, name, fields);
            }
        })) {
            AtomicLong firstMediaNanos = new AtomicLong(Long.MAX_VALUE);
            for (String encoded : PipelineDescription.encodedStreams(capture.videoElements(), capture.audioElements(),
                    opened)) {
                pipeline.onFirstBuffer(encoded, pts -> firstMediaNanos.accumulateAndGet(pts.toNanos(), Math::min));
            }
            branches.tapStreams(pipeline);
            if (capture.videoElements().isPresent() && capture.audioElements().isPresent()
                    && capture.audioLatency().toNanos() > 0) {
                pipeline.delayOutput(PipelineDescription.VIDEO_SOURCE_QUEUE, capture.audioLatency());
            }
            pipeline.play();
            // Media is stamped with the clock's running time, which started before play() returned.
            Instant activeSince = Instant.now().minus(pipeline.runningTime());
            branches.clockStarted(activeSince);
            job.active(activeSince);
            liveStreams = branches.attachStreams();

            job.awaitEnding();
            pipeline.sendEndOfStream();
            job.mediaSpan(firstMediaNanos.get() == Long.MAX_VALUE ? null : activeSince.plusNanos(firstMediaNanos.get()),
                    Instant.now());
            // A pipeline that failed may never drain; it gets a short grace instead of the full timeout.
            boolean failed = ending.join().kind() == Ending.Kind.FAILURE;
            boolean drained = pipeline.awaitEndOfStream(failed ? FAILED_DRAIN : EOS_TIMEOUT);
            branches.finish();
            if (!drained) {
                job.frozen();
            }
        }
    }
}
