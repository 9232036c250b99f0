package io.egress4j.source.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording's X display lets in this user's processes (ximagesrc, Chromium) and nobody else's. */
class VirtualDisplayTest {

    @TempDir
    Path dir;

    @Test
    void onlyThisUserCanUseTheDisplay() throws Exception {
        // Another user is only available to root (CI runs as root).
        assumeTrue(System.getProperty("user.name").equals("root"), "needs root to act as another user");
        try (VirtualDisplay display = VirtualDisplay.start(320, 240, 24, dir)) {
            assertEquals(0, grabFrame(display.display(), List.of()), () -> "this user captures the display: "
                    + log("grab.log") + log("xhost.log") + log("xvfb.log"));
            assertNotEquals(0, grabFrame(display.display(), List.of("setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--")), "another user is refused");
        }
    }

    private String log(String name) {
        try {
            return name + ": " + java.nio.file.Files.readString(dir.resolve(name)) + "\n";
        } catch (java.io.IOException e) {
            return name + ": none\n";
        }
    }

    /** Exit status of capturing one frame of {@code display}, run behind {@code prefix}. */
    private int grabFrame(String display, List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("gst-launch-1.0", "-q", "ximagesrc", "display-name=" + display, "num-buffers=1",
                "!", "fakesink"));
        Process grab = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("grab.log").toFile()).start();
        if (!grab.waitFor(30, TimeUnit.SECONDS)) {
            grab.destroyForcibly();
            return -1;
        }
        return grab.exitValue();
    }
}
