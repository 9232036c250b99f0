package io.egress4j.core.job;

import io.egress4j.api.BranchControls;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Relay;
import io.egress4j.api.StreamBranch;
import io.egress4j.api.StreamState;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.EncodingResolver;
import io.egress4j.core.request.StreamUrls;
import io.egress4j.core.request.StreamUrls.ValidatedUrl;
import io.egress4j.media.MediaTap;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import livekit.LivekitEgress.StreamInfo;

/**
 * The stream output of a running egress, seen from the core: UpdateStream's adds and removes, StreamInfo for each
 * URL (stream keys redacted, in errors too), and the rule that losing the last output ends the egress.
 */
final class LiveStreams {

    private static final System.Logger LOG = System.getLogger(LiveStreams.class.getName());

    private final String egressId;
    private final StreamPlan plan;
    private final StreamBranch branch;
    private final StreamUrls streamUrls;
    private final EgressInfoTracker tracker;
    private final boolean onlyOutput;
    private final Consumer<Ending> end;
    /** Every URL the egress has been given, as the sink sees it, with its redacted form and stream key. */
    private final Map<String, ValidatedUrl> known = new ConcurrentHashMap<>();
    private final Map<String, StreamState.Status> lastLogged = new HashMap<>();
    /** The URLs sent to now, as the sink sees them. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    /**
     * @param onlyOutput true when the egress has no other output, so that the last stream ending ends the egress
     * @param end        how this ends the egress (the first ending wins)
     */
    LiveStreams(String egressId, StreamPlan plan, StreamBranch branch, StreamUrls streamUrls,
                EgressInfoTracker tracker, boolean onlyOutput, Consumer<Ending> end) {
        this.egressId = egressId;
        this.plan = plan;
        this.branch = branch;
        this.streamUrls = streamUrls;
        this.tracker = tracker;
        this.onlyOutput = onlyOutput;
        this.end = end;
        plan.urls().forEach(url -> known.put(url.url(), url));
        plan.urls().forEach(url -> active.add(url.url()));
    }

    /** The controls the stream branch gets once the pipeline plays: relays fed from its tap. */
    BranchControls controls(MediaTap tap) {
        return new BranchControls() {
            @Override
            public Relay relay(String sinkElement, Relay.Listener listener) throws EgressException {
                return tap.relay(sinkElement, listener);
            }

            @Override
            public void resultsChanged() {
                changed();
            }
        };
    }

    /**
     * UpdateStream: adds first, then removes, as upstream, and publishes the streams' new state. Every URL is tried;
     * the errors are joined into one.
     *
     * @throws EgressException INVALID_ARGUMENT naming each URL (redacted) that could not be added or removed
     */
    void update(List<String> add, List<String> remove) throws EgressException {
        List<String> errors = new ArrayList<>();
        for (String url : add) {
            try {
                ValidatedUrl validated = streamUrls.validate(url, plan.protocol());
                if (active.size() >= StreamUrls.MAX_URLS && !active.contains(validated.url())) {
                    throw EncodingResolver.tooLarge("stream urls", StreamUrls.MAX_URLS + " URLs at a time");
                }
                known.put(validated.url(), validated);
                branch.add(validated.url());
                active.add(validated.url());
            } catch (EgressException e) {
                errors.add(scrub(e.getMessage()));
            }
        }
        for (String url : remove) {
            try {
                String sinkUrl = streamUrls.validate(url, plan.protocol()).url();
                branch.remove(sinkUrl);
                active.remove(sinkUrl);
            } catch (EgressException e) {
                errors.add(StreamUrls.redact(url) + ": " + scrub(e.getMessage()));
            }
        }
        // The answer lists the streams as they are now: an added URL as ACTIVE, a removed one as FINISHED.
        changed();
        if (!errors.isEmpty()) {
            throw new EgressException(Code.INVALID_ARGUMENT, String.join("; ", errors));
        }
    }

    /** A destination changed: publish every URL's StreamInfo and end the egress when nothing is left to stream to. */
    synchronized void changed() {
        List<StreamState> states = branch.streams();
        tracker.streams(states.stream().map(this::info).toList());
        states.forEach(this::logTransition);
        if (!onlyOutput || states.isEmpty() || !states.stream().allMatch(StreamState::ended)) {
            return;
        }
        if (states.stream().anyMatch(state -> state.status() == StreamState.Status.FINISHED)) {
            end.accept(Ending.stop("All streams stopped"));
        } else {
            StreamState last = states.get(states.size() - 1);
            end.accept(Ending.failure(new EgressException(Code.UNAVAILABLE,
                    "every stream failed; last: " + scrub(last.error()))));
        }
    }

    private StreamInfo info(StreamState state) {
        StreamInfo.Builder info = StreamInfo.newBuilder().setUrl(redacted(state.url()))
                .setStatus(switch (state.status()) {
                    case ACTIVE -> StreamInfo.Status.ACTIVE;
                    case FINISHED -> StreamInfo.Status.FINISHED;
                    case FAILED -> StreamInfo.Status.FAILED;
                })
                .setRetries(state.retries());
        if (state.startedAt() != null) {
            info.setStartedAt(EgressInfoTracker.nanos(state.startedAt()));
        }
        if (state.endedAt() != null) {
            info.setEndedAt(EgressInfoTracker.nanos(state.endedAt()));
            if (state.startedAt() != null) {
                info.setDuration(Duration.between(state.startedAt(), state.endedAt()).toNanos());
            }
        }
        if (state.error() != null) {
            info.setError(scrub(state.error()));
        }
        if (state.lastRetryAt() != null) {
            info.setLastRetryAt(EgressInfoTracker.nanos(state.lastRetryAt()));
        }
        return info.build();
    }

    private void logTransition(StreamState state) {
        if (lastLogged.put(state.url(), state.status()) != state.status()) {
            LOG.log(state.status() == StreamState.Status.FAILED ? Level.WARNING : Level.INFO,
                    "{0} stream {1}: {2}{3}", egressId, redacted(state.url()), state.status(),
                    state.error() == null ? "" : " (" + scrub(state.error()) + ")");
        }
    }

    private String redacted(String url) {
        ValidatedUrl validated = known.get(url);
        return validated != null ? validated.redacted() : StreamUrls.redact(url);
    }

    /** Errors from sinks or the network may quote the URL; none leaves here with a stream key in it. */
    private String scrub(String message) {
        if (message == null) {
            return "";
        }
        String scrubbed = message;
        for (ValidatedUrl url : known.values()) {
            scrubbed = scrubbed.replace(url.url(), url.redacted());
            if (!url.streamKey().isEmpty()) {
                scrubbed = scrubbed.replace(url.streamKey(), StreamUrls.redactIdentifier(url.streamKey()));
            }
        }
        return scrubbed;
    }
}
