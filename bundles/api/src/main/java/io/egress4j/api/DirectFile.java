package io.egress4j.api;

import org.osgi.annotation.versioning.ProviderType;

/** A file an egress type writes itself, planned with {@link EgressContext#planDirectFile}. */
@ProviderType
public interface DirectFile {
}
