package io.egress4j.api;

import livekit.LivekitEgress.EgressInfo;
import org.osgi.annotation.versioning.ConsumerType;

/** A request its {@link EgressType} accepted: how it is reported and how it is recorded. */
@ConsumerType
public interface PlannedEgress {

    /**
     * Fills what the type knows of the STARTING EgressInfo: source type and the request, with its secrets
     * redacted ({@link EgressContext#redact}). The core adds IDs, times and the planned outputs' results.
     */
    void describe(EgressInfo.Builder info);

    /** One line for the log, e.g. {@code web egress of https://example.com}; no query strings, no secrets. */
    String summary();

    /**
     * Records the egress, from joining its source to draining its outputs, with what {@code session} provides. It
     * returns once the session has ended and the media is finalised; the core then stores the files.
     *
     * @throws EgressException the egress failed; its message becomes the egress's error
     */
    void record(RecordingSession session) throws EgressException, InterruptedException;
}
