package io.egress4j.output.images;

import io.egress4j.api.Output;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import org.osgi.service.component.annotations.Component;

/** Thumbnails: a JPEG of the raw video every capture interval, stored as it is taken. */
@Component(property = Output.KIND + "=images")
public final class ImageOutput implements Output {

    @Override
    public OutputBranch open(OutputRequest request) {
        return new ImageBranch(request);
    }
}
