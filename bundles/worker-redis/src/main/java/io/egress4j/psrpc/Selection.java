package io.egress4j.psrpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client picks among the servers that bid for a claim method (wire reference A7), as psrpc's SelectionOpts.
 *
 * @param minimumAffinity      bids below this are ignored; 0 or less accepts every bid
 * @param maximumAffinity      a bid at or above this wins at once; 0 = no such shortcut
 * @param acceptFirstAvailable the first accepted bid wins at once
 * @param affinityTimeout      the whole selection window; zero = until the request's own timeout
 * @param shortCircuitTimeout  the window closes this long after the first accepted bid; zero = no short circuit
 */
public record Selection(float minimumAffinity, float maximumAffinity, boolean acceptFirstAvailable,
                        Duration affinityTimeout, Duration shortCircuitTimeout) {

    /** psrpc's default selection window (DefaultAffinityTimeout). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

    /**
     * What livekit-server uses for EgressInternal.StartEgress: affinity 1 wins at once, otherwise the highest bid
     * (the first one on ties) 500 ms after the first bid, or at the latest after 1 s.
     */
    public static final Selection LIVEKIT_START_EGRESS =
            new Selection(0, 1, false, Duration.ofSeconds(1), Duration.ofMillis(500));

    /** psrpc's default for methods without affinity: the first bid wins; no bid within 1 s is an error. */
    public static final Selection FIRST_AVAILABLE = firstAvailable(DEFAULT_WINDOW);

    public Selection {
        affinityTimeout = Objects.requireNonNullElse(affinityTimeout, Duration.ZERO);
        shortCircuitTimeout = Objects.requireNonNullElse(shortCircuitTimeout, Duration.ZERO);
    }

    /** The first bid wins; {@code window} zero waits as long as the request may take (upstream egress's IOInfo). */
    public static Selection firstAvailable(Duration window) {
        return new Selection(0, 0, true, window, Duration.ZERO);
    }

    /** The selection this library uses for a method when the call names none. */
    public static Selection defaultFor(MethodSpec method) {
        return method.affinity() ? LIVEKIT_START_EGRESS : FIRST_AVAILABLE;
    }
}
