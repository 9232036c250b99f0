package io.egress4j.core.naming;

import io.egress4j.api.EgressException;

import java.util.Locale;
import java.util.Set;

/**
 * Storage path of a single-file output, following upstream's rules:
 * <ol>
 *   <li>tokens are substituted and the path is made safe ({@link PathTemplate});</li>
 *   <li>an empty path or a directory (trailing {@code /}) gets the name
 *       {@code <identifier>-<yyyy-MM-ddTHHmmss>[-<retry>]<extension>};</li>
 *   <li>otherwise the right extension is ensured: a known media extension is replaced, any other is kept and the
 *       right one appended ({@code foo.bar} becomes {@code foo.bar.mp4}). Extensions compare case-insensitively, so
 *       {@code a.MP4} stays as it is.</li>
 * </ol>
 */
public final class FileNaming {

    private static final Set<String> KNOWN_EXTENSIONS =
            Set.of(".raw", ".ogg", ".mp3", ".ivf", ".mp4", ".ts", ".webm", ".m3u8", ".jpeg");

    private FileNaming() {
    }

    /**
     * @param filepath   the request's {@code filepath} template
     * @param extension  the container's extension with its dot, e.g. {@code .mp4}
     * @param identifier names generated files: {@code web}, the room name, the track ID, ...
     * @throws EgressException INVALID_ARGUMENT naming the field {@code filepath} when the path is unsafe;
     *                         FAILED_PRECONDITION {@code output configuration does not support retry} when a retried
     *                         egress names its file without {@code {retry}} (it would overwrite the first attempt's)
     */
    public static String resolveFilePath(String filepath, String extension, String identifier, TemplateValues values)
            throws EgressException {
        boolean generated = filepath.isEmpty() || filepath.endsWith("/");
        if (values.retry() > 0 && !generated && !filepath.contains("{retry}")) {
            throw new EgressException(EgressException.Code.FAILED_PRECONDITION, SegmentNaming.NOT_RETRYABLE);
        }
        String path = PathTemplate.render(filepath, values, "filepath");
        if (path.isEmpty() || path.endsWith("/")) {
            return path + generatedName(identifier, values) + extension;
        }
        return withExtension(path, extension);
    }

    /** {@code <identifier>-<time>}, plus {@code -<retry>} on a retry, so a retried egress does not overwrite. */
    private static String generatedName(String identifier, TemplateValues values) {
        String name = PathTemplate.sanitize(identifier) + "-" + values.time();
        return values.retry() > 0 ? name + "-" + values.retry() : name;
    }

    private static String withExtension(String path, String extension) {
        int dot = path.lastIndexOf('.');
        if (dot <= path.lastIndexOf('/')) {
            return path + extension;
        }
        String current = path.substring(dot).toLowerCase(Locale.ROOT);
        if (current.equals(extension)) {
            return path;
        }
        return KNOWN_EXTENSIONS.contains(current) ? path.substring(0, dot) + extension : path + extension;
    }
}
