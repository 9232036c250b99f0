package io.egress4j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the test-only tools from npm are: {@code scripts/install-test-tools} puts them into {@code .tools/}. */
public final class TestTools {

    private TestTools() {
    }

    /** {@code .tools/node_modules} of this checkout. */
    public static Path nodeModules() {
        return projectRoot().resolve(".tools/node_modules");
    }

    /**
     * {@code .tools/livekit-protocol/node_modules}: {@code @livekit/protocol} installed on its own from the lockfile in
     * {@code scripts/test-tools/livekit-protocol}.
     */
    public static Path livekitProtocolModules() {
        return projectRoot().resolve(".tools/livekit-protocol/node_modules");
    }

    /**
     * {@code .tools/livekit-server-sdk/node_modules}: LiveKit's Node server SDK, installed on its own from the
     * lockfile in {@code scripts/test-tools/livekit-server-sdk}.
     */
    public static Path livekitServerSdkModules() {
        return projectRoot().resolve(".tools/livekit-server-sdk/node_modules");
    }

    /** The checkout's root: the nearest folder above the working directory with {@code scripts/install-test-tools}. */
    public static Path projectRoot() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.exists(at.resolve("scripts/install-test-tools"))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException(
                    "cannot find the project root (scripts/install-test-tools) above " + Path.of("").toAbsolutePath());
        }
        return at;
    }
}
