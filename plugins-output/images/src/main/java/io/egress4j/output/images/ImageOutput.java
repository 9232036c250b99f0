package io.egress4j.output.images;

import io.egress4j.api.EgressException;
import io.egress4j.api.ImageOptions;
import io.egress4j.api.ImagesBranch;
import io.egress4j.api.Output;
import io.egress4j.api.OutputRequest;
import org.osgi.service.component.annotations.Component;

/** Thumbnails: a JPEG of the raw video every capture interval, stored as it is taken. */
@Component(property = Output.KIND + "=images")
public final class ImageOutput implements Output {

    @Override
    public ImagesBranch open(OutputRequest request) throws EgressException {
        return new ThumbnailBranch(request, request.options(ImageOptions.class));
    }
}
