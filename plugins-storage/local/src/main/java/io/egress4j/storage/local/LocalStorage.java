package io.egress4j.storage.local;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps artifacts in a local directory, confined to a root ({@code storage.local.root}). Nothing a request says can
 * make it write outside that root: not {@code ..}, not an absolute path elsewhere, not a symlink inside the root that
 * points out of it.
 */
@Component(property = Uploader.BACKEND + "=local")
public final class LocalStorage implements Uploader {

    /** The root directory ({@code storage.local.root}). */
    public static final StorageSetting ROOT = StorageSetting.of("root", "directory local storage is confined to")
            .asRequired();

    @Override
    public List<StorageSetting> settings() {
        return List.of(ROOT);
    }

    @Override
    public Optional<Path> localPath(String storagePath, StorageSettings settings) throws EgressException {
        return Optional.of(confine(root(settings), storagePath));
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        Path target = confine(root(settings), storagePath);
        try {
            if (!Files.exists(target) || !Files.isSameFile(file, target)) {
                Files.createDirectories(target.getParent());
                // Copied beside the target, then renamed: whoever reads the target (a player following a live
                // playlist, the console showing the newest thumbnail) sees the whole file or the previous one.
                Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
                try {
                    Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "local storage: cannot write " + target + ": " + e.getMessage(), e);
        }
        return target.toString();
    }

    private static Path root(StorageSettings settings) {
        return Path.of(settings.get(ROOT)).toAbsolutePath().normalize();
    }

    /**
     * Resolves {@code storagePath} under {@code root}. An absolute path is accepted only when it already lies inside
     * the root. The directories that exist on the way are checked through their real paths, so a symlink cannot lead
     * out of the root either, and the file's own name must not be a symlink.
     */
    static Path confine(Path root, String storagePath) throws EgressException {
        Path requested = Path.of(storagePath);
        Path target = (requested.isAbsolute() ? requested : root.resolve(requested)).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw outsideRoot(storagePath, root);
        }
        try {
            Files.createDirectories(root);
            Path realRoot = root.toRealPath();
            Path existing = target.getParent();
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (!existing.toRealPath().startsWith(realRoot)) {
                throw outsideRoot(storagePath, root);
            }
            // A link in the file's own place would send the recording wherever it points.
            if (Files.isSymbolicLink(target)) {
                throw new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: filepath (\""
                        + storagePath + "\" is a symbolic link)");
            }
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "local storage: cannot use root " + root + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static EgressException outsideRoot(String storagePath, Path root) {
        return new EgressException(Code.INVALID_ARGUMENT, "request has missing or invalid field: filepath (\""
                + storagePath + "\" is outside the local storage root " + root + ")");
    }
}
