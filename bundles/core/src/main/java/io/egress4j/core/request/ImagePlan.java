package io.egress4j.core.request;

import com.google.protobuf.Message;
import io.egress4j.core.naming.ImageNaming;
import livekit.LivekitEgress.ImageFileSuffix;

/**
 * One image output, resolved.
 *
 * @param naming          where the images go and their prefix
 * @param intervalSeconds seconds between captures
 * @param width           image width, 0 = the video's
 * @param height          image height, 0 = the video's
 * @param suffix          INDEX, TIMESTAMP or NONE_OVERWRITE file names
 * @param disableManifest skip the manifest JSON next to the images
 * @param upload          the output's own upload block from the request, or null to use the configured storage
 */
public record ImagePlan(ImageNaming naming, int intervalSeconds, int width, int height, ImageFileSuffix suffix,
                        boolean disableManifest, Message upload) {
}
