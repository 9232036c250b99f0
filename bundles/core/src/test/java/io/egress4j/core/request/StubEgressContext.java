package io.egress4j.core.request;

import com.google.protobuf.Message;
import io.egress4j.api.BrowserOptions;
import io.egress4j.api.DirectFile;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.VideoFormat;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The core's side of planning for the tests of browser egress types: the real output planner and URL policy
 * behind {@link #planEncoded}, and a fixed egress ID, time, room access and template base.
 */
public final class StubEgressContext implements EgressContext {

    public static final String EGRESS_ID = "EG_test";
    public static final ZonedDateTime NOW = ZonedDateTime.of(2022, 10, 4, 1, 13, 6, 0, ZoneOffset.UTC);

    private final UrlPolicy urlPolicy;
    private final String templateBase;
    private final RoomAccess room;
    private EgressPlan planned;

    /**
     * @param fromLocalCli whether {@code file:} URLs are allowed, as for {@code egress record}
     * @param room         what {@link #roomAccess} answers; null for egress types that join no room
     */
    public StubEgressContext(boolean fromLocalCli, String templateBase, RoomAccess room) {
        this.urlPolicy = new UrlPolicy(List.of(), fromLocalCli);
        this.templateBase = templateBase;
        this.room = room;
    }

    /** What the last plan asked the core to encode. */
    public EgressPlan planned() {
        return planned;
    }

    @Override
    public String egressId() {
        return EGRESS_ID;
    }

    @Override
    public ZonedDateTime startedAt() {
        return NOW;
    }

    @Override
    public EncodedOutputs planEncoded(RequestedOutputs outputs) throws EgressException {
        EgressPlan plan = new OutputPlanner(new StreamUrls(urlPolicy)).plan(outputs, EGRESS_ID, NOW, 0);
        planned = plan;
        return new EncodedOutputs() {
            @Override
            public Optional<VideoFormat> video() {
                return Optional.empty();
            }

            @Override
            public boolean audio() {
                return plan.audio();
            }
        };
    }

    @Override
    public DirectFile planDirectFile(String filepath, Message fileOutput) {
        throw new UnsupportedOperationException("browser egress writes no direct files");
    }

    @Override
    public RoomAccess roomAccess(String roomName) {
        if (room == null) {
            throw new UnsupportedOperationException("this egress joins no room");
        }
        return room;
    }

    @Override
    public void checkUrl(String field, String url) throws EgressException {
        urlPolicy.check(field, url);
    }

    @Override
    public String templateBase() {
        return templateBase;
    }

    @Override
    public BrowserOptions browser() {
        return new BrowserOptions(false, false, Map.of());
    }

    @Override
    public <T extends Message> T redact(T message) {
        return message;
    }
}
