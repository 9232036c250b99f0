/**
 * The contract between the egress4j core and its plugins: sources, outputs and storage backends. Plugins import this
 * package and nothing else of ours.
 *
 * <p>It is versioned semantically, and the build checks it (bnd baseline against the last release in
 * {@code bundles/api/releases}). Each interface says who implements it: {@code @ConsumerType} ones are implemented by
 * plugins, so adding a method breaks them (major version); {@code @ProviderType} ones are implemented only by the core,
 * which plugins merely call, so adding a method is a minor change.
 */
@Version("2.3.0")
package io.egress4j.api;

import org.osgi.annotation.versioning.Version;
