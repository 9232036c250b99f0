package io.egress4j.room;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.testkit.NativeCheckedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen recorders negotiate with the simulator at once, in a JVM whose collector runs constantly and whose native
 * memory is checked. Before session descriptions had single owners this crashed in webrtcbin's SDP handling within
 * the first rounds (either side: the simulator's offer or a client's answer); under load it crashed production.
 */
class SubscriberStressTest {

    @TempDir
    Path dir;

    @Test
    void sixteenConcurrentSubscribersSurviveCollectorPressure() throws Exception {
        NativeCheckedJvm.Outcome outcome = NativeCheckedJvm.run(SubscriberStress.class.getName(),
                List.of("10.200.0.1", "16", "3", "50", dir.toString()), dir.resolve("jvm"), Duration.ofMinutes(6));
        assertTrue(outcome.clean() && outcome.output().contains("stress passed"), outcome.describe());
    }
}
