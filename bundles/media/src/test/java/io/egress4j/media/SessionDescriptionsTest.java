package io.egress4j.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.testkit.NativeCheckedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session descriptions are owned exactly once. Before the ownership rules, a collection inside any of these windows
 * freed an SDP that webrtcbin was about to read (SIGSEGV in {@code gst_sdp_message_copy} or in
 * {@code set-remote-description}) in the first round; under load it happened in production.
 */
class SessionDescriptionsTest {

    @TempDir
    Path dir;

    @Test
    void survivesACollectionAfterEveryStep() throws Exception {
        assertClean(NativeCheckedJvm.run(NegotiationRounds.class.getName(), List.of("20", "every-step"),
                dir.resolve("every-step"), Duration.ofMinutes(3)));
    }

    @Test
    void survivesConstantCollectorPressure() throws Exception {
        assertClean(NativeCheckedJvm.run(NegotiationRounds.class.getName(), List.of("50", "pressure"),
                dir.resolve("pressure"), Duration.ofMinutes(3)));
    }

    private static void assertClean(NativeCheckedJvm.Outcome outcome) {
        assertTrue(outcome.clean() && outcome.output().contains("rounds negotiated"), outcome.describe());
    }
}
