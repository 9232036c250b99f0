package io.egress4j.output.stream;

import io.egress4j.api.EgressException;
import io.egress4j.api.Output;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.StreamBranch;
import io.egress4j.api.StreamOptions;
import org.osgi.service.component.annotations.Component;

/** Live streams: one mux (FLV for RTMP, MPEG-TS for SRT) of the egress's single encode, relayed to every URL. */
@Component(property = Output.KIND + "=stream")
public final class StreamOutput implements Output {

    @Override
    public StreamBranch open(OutputRequest request) throws EgressException {
        StreamOptions options = request.options(StreamOptions.class);
        return new LiveStreamBranch(StreamProtocol.of(options.protocol()), options.urls(),
                LiveStreamBranch.Timing.UPSTREAM);
    }
}
