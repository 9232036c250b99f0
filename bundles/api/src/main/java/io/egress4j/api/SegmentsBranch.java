package io.egress4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/** The branch a segments output ({@code egress.output=segments}) opens: it reports what it stored. */
@ConsumerType
public interface SegmentsBranch extends OutputBranch {

    /** What was stored so far; final once {@link #finish()} returned. */
    SegmentsResult result();
}
