/** The LiveKit room client the SDK egress types share: joining as a hidden recorder and subscribing to tracks. */
@Version("1.1.0")
package io.egress4j.room;

import org.osgi.annotation.versioning.Version;
