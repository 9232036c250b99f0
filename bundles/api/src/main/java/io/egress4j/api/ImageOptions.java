package io.egress4j.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What an images output ({@code egress.output=images}, thumbnails) produces.
 *
 * @param captureInterval time between two images
 * @param width           image width in pixels; 0 keeps the video's size (then {@code height} is 0 too)
 * @param height          image height in pixels; 0 keeps the video's size
 * @param storageDir      directory of the images on the output's storage: empty or ending in {@code /}
 * @param prefix          image file names start with this
 * @param suffix          how image file names end
 */
public record ImageOptions(Duration captureInterval, int width, int height, String storageDir, String prefix,
                           Suffix suffix) implements OutputOptions {

    /**
     * Image file names: {@code <prefix>_00000.jpeg} (INDEX), {@code <prefix>_<UTC yyyyMMddHHmmssSSS>.jpeg}
     * (TIMESTAMP) or always {@code <prefix>.jpeg} (NONE_OVERWRITE).
     */
    public enum Suffix { INDEX, TIMESTAMP, NONE_OVERWRITE }

    public ImageOptions {
        Objects.requireNonNull(captureInterval, "captureInterval");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
    }
}
