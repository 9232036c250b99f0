package io.egress4j.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.ImagesInfo;

/**
 * The newest thumbnail of an egress's image output, when its images are on this machine: local storage writes them
 * under {@code storage.local.root} as {@code <filename_prefix>…jpeg}, whatever the suffix (index, timestamp or none).
 * Only regular files inside the root qualify.
 */
final class Thumbnails {

    private final Path root;

    /** @param root local storage's root, as the worker of this node resolves it */
    Thumbnails(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The newest image of {@code info}'s first image output, if one is on this machine. */
    Optional<Path> latest(EgressInfo info) {
        if (info.getImageResultsCount() == 0) {
            return Optional.empty();
        }
        ImagesInfo images = info.getImageResults(0);
        Path prefix = root.resolve(images.getFilenamePrefix()).normalize();
        Path dir = prefix.getParent();
        if (!prefix.startsWith(root) || dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String name = prefix.getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(name)
                            && file.getFileName().toString().endsWith(".jpeg")
                            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .max(Comparator.comparing(Thumbnails::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A version of the newest image for its URL, so that a browser fetches each new one once. */
    Optional<Long> version(EgressInfo info) {
        return latest(info).map(file -> modified(file).toMillis());
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
