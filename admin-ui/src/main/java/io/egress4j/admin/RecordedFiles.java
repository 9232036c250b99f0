package io.egress4j.admin;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;

/**
 * The recordings the console may hand out: a file result of an egress whose location is a media file on this
 * machine (local storage). A location is whatever a worker reported, so only regular files (no links) with a
 * recording's extension qualify, never any other path a record might name.
 */
final class RecordedFiles {

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "mp4", "video/mp4",
            "webm", "video/webm",
            "ogg", "audio/ogg",
            "mp3", "audio/mpeg");

    private RecordedFiles() {
    }

    /** The local file of {@code info}'s file result number {@code index}, if it is one to serve. */
    static Optional<Path> local(EgressInfo info, int index) {
        if (index < 0 || index >= info.getFileResultsCount()) {
            return Optional.empty();
        }
        FileInfo file = info.getFileResults(index);
        if (!file.getLocation().startsWith("/")) {
            return Optional.empty();
        }
        Path path = Path.of(file.getLocation()).normalize();
        return mediaType(path).isPresent() && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(path) : Optional.empty();
    }

    static Optional<String> mediaType(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(MEDIA_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}
