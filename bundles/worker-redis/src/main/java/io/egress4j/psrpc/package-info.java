/**
 * psrpc on a {@code MessageBus}: Redis ({@code RedisBus}) or one process ({@code LocalBus}), its servers and
 * clients, in plain Java and protobuf types only. 2.0: servers and clients take any {@code MessageBus}.
 */
@Version("2.0.0")
package io.egress4j.psrpc;

import org.osgi.annotation.versioning.Version;
