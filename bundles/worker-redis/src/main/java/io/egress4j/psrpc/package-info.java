/** psrpc over Redis: {@code RedisBus}, its servers and clients, in plain Java and protobuf types only. */
@Version("1.0.0")
package io.egress4j.psrpc;

import org.osgi.annotation.versioning.Version;
