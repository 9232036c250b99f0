package io.egress4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The settings of one output, one record per output kind. The core resolves every value (upstream's defaults
 * included) when it plans the egress; an output takes them as they are.
 */
@ProviderType
public sealed interface OutputOptions permits FileOptions, SegmentOptions, ImageOptions, StreamOptions {
}
