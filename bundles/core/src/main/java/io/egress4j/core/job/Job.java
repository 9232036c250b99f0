package io.egress4j.core.job;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;

/** One egress as the commands and the handler drive it, whatever its type. */
public interface Job {

    /**
     * Runs the egress to its end and returns the final {@code EgressInfo}.
     *
     * @param maxDuration stop after recording this long ("Duration reached"); null for no such stop
     */
    EgressInfo run(Duration maxDuration);

    /** Asks the egress to stop with {@code reason}; it finalises its outputs and completes. */
    void stop(String reason);

    /** Ends the egress as FAILED with {@code error}, after finalising and storing what it recorded. */
    void kill(String error);

    /** The job's private directory (logs, temporary files). */
    Path workDir();

    /** UpdateStream; only egresses with a stream output take it. */
    default EgressInfo updateStream(List<String> add, List<String> remove) throws EgressException {
        throw new EgressException(Code.INVALID_ARGUMENT, "UpdateStream called on non-streaming egress");
    }
}
