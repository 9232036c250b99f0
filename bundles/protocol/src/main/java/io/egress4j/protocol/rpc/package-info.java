/** The payloads of the egress and IOInfo psrpc services (generated from {@code rpc/*.proto}). */
@Version("1.0.0")
package io.egress4j.protocol.rpc;

import org.osgi.annotation.versioning.Version;
