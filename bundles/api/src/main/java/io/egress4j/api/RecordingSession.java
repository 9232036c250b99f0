package io.egress4j.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import livekit.LivekitEgress.StreamInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running egress as its type sees it while {@link PlannedEgress#record recording}. The core owns the
 * lifecycle: statuses, limits, stop requests, storing files and the manifest, keeping files on failure.
 */
@ProviderType
public interface RecordingSession {

    String egressId();

    /** A private directory for this egress's temporary files and logs. */
    Path workDir();

    /**
     * Records {@code source}'s raw media into {@code outputs}: opens the source, waits for its start signal, encodes
     * once, feeds every output until the session ends, then drains. Returns once the outputs are finalised.
     */
    void recordEncoded(String source, SourceRequest request, EncodedOutputs outputs)
            throws EgressException, InterruptedException;

    /**
     * As {@link #recordEncoded(String, SourceRequest, EncodedOutputs)}, from a source the type brings itself (one
     * that joins a room for this egress, say) rather than one registered by name.
     *
     * @since 2.2
     */
    void recordEncoded(Source source, SourceRequest request, EncodedOutputs outputs)
            throws EgressException, InterruptedException;

    /**
     * Names {@code file} from its filepath, {@code extension} and {@code values} (generated names start with
     * {@code identifier}), reports the name, and returns where to write it; the core stores it at the end.
     *
     * @throws EgressException INVALID_ARGUMENT naming {@code filepath} when it does not render to a file name
     */
    Path directFile(DirectFile file, String extension, String contentType, String identifier, NameValues values)
            throws EgressException;

    /**
     * Reports a stream the type sends itself (a track's audio to a websocket) in the egress's stream results, in
     * place of an earlier report with the same URL. The URL must be the redacted one (from
     * {@link EgressContext#redact}).
     *
     * @since 2.1
     */
    void streamResult(StreamInfo stream);

    /** The room the egress joined, for EgressInfo. */
    void room(String name, String sid);

    /** Media is being recorded since {@code since}: ACTIVE, and limits count from then. Ignored once ended. */
    void active(Instant since);

    /** The media's own first and last instants, so that file durations are what a player shows. */
    void mediaSpan(Instant start, Instant end);

    /** Blocks until the egress ends (stopped, limit, source gone, failure) and reports ENDING. */
    void awaitEnding() throws InterruptedException;

    /** Whether the egress has ended. */
    boolean ended();

    /** Completes when the egress ends, without reporting anything (for waits that race the ending). */
    CompletionStage<Void> whenEnded();

    /** The source is gone (participant left, room closed): the egress ends with {@code reason}. */
    void sourceClosed(String reason);

    /** The egress fails with {@code error}; what it recorded is still finalised and stored. */
    void fail(EgressException error);

    /**
     * Another recorder joined the room with this egress's identity (the room said "duplicate identity": the same
     * egress retried elsewhere). The egress ends without a final status and stores nothing, as upstream's silent
     * exit, so the two never report over each other; what it recorded is finalised and kept locally.
     *
     * @since 2.1
     */
    void replaced();
}
