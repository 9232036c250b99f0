package io.egress4j.core.naming;

import io.egress4j.api.EgressException;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.ImageOutput;

import java.time.Instant;

/**
 * Where the captures of an image output go, following upstream's rules for {@code filename_prefix}:
 * <ul>
 *   <li>the prefix is rendered and made safe by {@link PathTemplate};</li>
 *   <li>its directory is the storage directory; an empty base name (no prefix, or a directory) becomes
 *       {@code <identifier>-<time>[-<retry>]};</li>
 *   <li>files are JPEG with the extension {@code .jpeg} (not {@code .jpg}): {@code <prefix>_00000.jpeg}
 *       (IMAGE_SUFFIX_INDEX, counted from 0), {@code <prefix>_<yyyyMMddHHmmss><mmm>.jpeg} (IMAGE_SUFFIX_TIMESTAMP,
 *       UTC capture time) or {@code <prefix>.jpeg} (IMAGE_SUFFIX_NONE_OVERWRITE: every capture replaces it).</li>
 * </ul>
 *
 * @param storageDir where the images go: empty or ending in {@code /}
 * @param prefix     the base name every image starts with; never empty, never contains {@code /}
 */
public record ImageNaming(String storageDir, String prefix) {

    public static final String EXTENSION = ".jpeg";

    /** {@link #resolve(String, String, TemplateValues)} with the request's {@code filename_prefix}. */
    public static ImageNaming resolve(ImageOutput output, String identifier, TemplateValues values)
            throws EgressException {
        return resolve(output.getFilenamePrefix(), identifier, values);
    }

    /**
     * @param filenamePrefix the request's {@code filename_prefix} template (may be empty)
     * @param identifier     names generated prefixes: {@code web}, the room name, the track ID, ...
     * @throws EgressException INVALID_ARGUMENT naming {@code filename_prefix} when the template is unsafe
     */
    public static ImageNaming resolve(String filenamePrefix, String identifier, TemplateValues values)
            throws EgressException {
        String[] split = SegmentNaming.split(
                PathTemplate.render(filenamePrefix == null ? "" : filenamePrefix, values, "filename_prefix"));
        String base = split[1].isEmpty() ? SegmentNaming.generatedName(identifier, values) : split[1];
        return new ImageNaming(split[0], base);
    }

    /**
     * {@code ImagesInfo.filename_prefix}: the storage directory plus the prefix, so that
     * {@code <filename_prefix>_00000.jpeg} is the first INDEX image. Upstream reports the rendered request value,
     * which is the same unless the request left the base name empty (then it reports the bare directory).
     */
    public String filenamePrefix() {
        return storageDir + prefix;
    }

    /** The name pattern a multifilesink writes in INDEX mode: {@code <prefix>_%05d.jpeg}. */
    public String indexPattern() {
        return prefix + "_%05d" + EXTENSION;
    }

    /**
     * One image's file name (without the storage directory).
     *
     * @param index    the capture's number, counted from 0 (used by IMAGE_SUFFIX_INDEX)
     * @param captured the capture's wall clock (used by IMAGE_SUFFIX_TIMESTAMP)
     */
    public String fileName(ImageFileSuffix suffix, long index, Instant captured) {
        return switch (suffix) {
            case IMAGE_SUFFIX_INDEX -> SegmentNaming.indexed(prefix, index) + EXTENSION;
            case IMAGE_SUFFIX_TIMESTAMP -> prefix + "_" + SegmentNaming.utcStamp(captured) + EXTENSION;
            case IMAGE_SUFFIX_NONE_OVERWRITE -> prefix + EXTENSION;
            default -> throw new IllegalArgumentException("unsupported image suffix " + suffix);
        };
    }

    /** {@link #fileName} inside the storage directory: the image's storage path. */
    public String storagePath(ImageFileSuffix suffix, long index, Instant captured) {
        return storageDir + fileName(suffix, index, captured);
    }
}
