/** GStreamer pipelines, taps and WebRTC peers behind plain Java types: the one place that touches the native library. */
@Version("2.0.0")
package io.egress4j.media;

import org.osgi.annotation.versioning.Version;
