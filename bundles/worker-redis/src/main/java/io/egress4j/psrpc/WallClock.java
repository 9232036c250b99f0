package io.egress4j.psrpc;

import java.time.Instant;

/** psrpc timestamps: Unix nanoseconds of the wall clock (sender and receiver clocks must roughly agree). */
final class WallClock {

    private WallClock() {
    }

    static long nowNanos() {
        return nanos(Instant.now());
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long unixNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L), Math.floorMod(unixNanos, 1_000_000_000L));
    }
}
