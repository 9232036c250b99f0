package io.egress4j.output.segments;

import io.egress4j.api.Output;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import org.osgi.service.component.annotations.Component;

/** HLS: MPEG-TS segments cut at keyframes, uploaded while recording, listed in an event and a live playlist. */
@Component(property = Output.KIND + "=segments")
public final class SegmentOutput implements Output {

    @Override
    public OutputBranch open(OutputRequest request) {
        return new SegmentBranch(request, SegmentOptions.of(request.options()));
    }
}
