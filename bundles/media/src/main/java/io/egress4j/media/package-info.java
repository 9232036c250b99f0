/** GStreamer pipelines, taps and WebRTC peers behind plain Java types: the one place that touches the native library. */
@Version("2.1.0")
package io.egress4j.media;

import org.osgi.annotation.versioning.Version;
