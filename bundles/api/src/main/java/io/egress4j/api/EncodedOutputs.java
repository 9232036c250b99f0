package io.egress4j.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Encoded outputs the core planned for an egress ({@link EgressContext#planEncoded}). */
@ProviderType
public interface EncodedOutputs {

    /** The raw video the source must deliver, or empty when nothing records video. */
    Optional<VideoFormat> video();

    /** Whether any output records audio. */
    boolean audio();
}
