/** The psrpc envelope (generated from {@code psrpc/internal.proto}), wire-compatible with LiveKit's Go psrpc. */
@Version("1.0.0")
package io.egress4j.protocol.psrpc;

import org.osgi.annotation.versioning.Version;
