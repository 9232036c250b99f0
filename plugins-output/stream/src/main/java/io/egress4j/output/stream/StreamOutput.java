package io.egress4j.output.stream;

import io.egress4j.api.EgressException;
import io.egress4j.api.Output;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Live streams: one mux (FLV for RTMP, MPEG-TS for SRT) of the egress's single encode, relayed to every URL. Options:
 * {@code protocol} ({@code rtmp} or {@code srt}) and {@code urls} (one per line, possibly none).
 */
@Component(property = Output.KIND + "=stream")
public final class StreamOutput implements Output {

    @Override
    public OutputBranch open(OutputRequest request) throws EgressException {
        return new LiveStreamBranch(StreamProtocol.of(request.options().get("protocol")),
                request.options().getOrDefault("urls", "").lines().filter(url -> !url.isBlank()).toList(),
                LiveStreamBranch.Timing.UPSTREAM);
    }
}
