package io.egress4j.output.segments;

import io.egress4j.api.EgressException;
import io.egress4j.api.Output;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.SegmentOptions;
import io.egress4j.api.SegmentsBranch;
import org.osgi.service.component.annotations.Component;

/** HLS: MPEG-TS segments cut at keyframes, uploaded while recording, listed in an event and a live playlist. */
@Component(property = Output.KIND + "=segments")
public final class SegmentOutput implements Output {

    @Override
    public SegmentsBranch open(OutputRequest request) throws EgressException {
        return new HlsBranch(request, request.options(SegmentOptions.class));
    }
}
