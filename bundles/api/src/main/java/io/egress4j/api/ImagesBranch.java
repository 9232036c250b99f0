package io.egress4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/** The branch an images output ({@code egress.output=images}) opens: it reports what it stored. */
@ConsumerType
public interface ImagesBranch extends OutputBranch {

    /** What was stored so far; final once {@link #finish()} returned. */
    ImagesResult result();
}
