package io.egress4j.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egress4j.simulator.AvSignals.Sync;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvSignalsTest {

    @Test
    void offsetIsVideoAgainstTheNearestBeepAndDriftIsDistanceFromTheCadence() {
        List<Double> flashes = new ArrayList<>();
        List<Double> beeps = new ArrayList<>();
        for (int second = 0; second < 10; second++) {
            // every fifth flash 40 ms late; the video 70 ms behind the audio
            flashes.add(second + 0.27 + (second % 5 == 4 ? 0.04 : 0));
            beeps.add(second + 0.2);
        }
        Sync sync = AvSignals.sync(flashes, beeps, 0, 10);
        assertEquals(1.0, sync.hitRate(), 1e-9);
        assertEquals(0.07, sync.offsetP80(), 1e-9);
        assertEquals(-0.07, sync.audioLagMedian(), 1e-9, "the audio is early");
        // the late flashes are 32 ms from the flashes' mean phase, the others 8 ms: p80 over 10 marks is an early one
        assertEquals(0.008, sync.driftP80(), 1e-3);
    }

    @Test
    void onlyTheWindowCountsAndMissingMarksLowerTheHitRate() {
        List<Double> flashes = List.of(0.5, 8.5, 9.5, 10.5, 12.5, 13.5);
        List<Double> beeps = List.of(0.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5);
        Sync sync = AvSignals.sync(flashes, beeps, 8, 14);
        assertEquals(5 / 6.0, sync.hitRate(), 1e-9);
        assertEquals(0, sync.offsetP80(), 1e-9);
        assertEquals(0, sync.driftP80(), 1e-9);
    }
}
