package io.egress4j.examples.copy;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * An example storage plugin: "uploads" each artifact by copying it into a second local directory.
 *
 * <p>Everything a storage plugin needs is here:
 * <ul>
 *   <li>a class that implements {@link Uploader};</li>
 *   <li>{@code @Component} with the service property {@code egress.storage=<name>}: the name is the key the
 *       configuration uses ({@code storage: {copy: {directory: /mnt/backup}}}) and what {@code egress plugins} shows;</li>
 *   <li>a public no-argument constructor (Declarative Services creates the instance);</li>
 *   <li>the settings it accepts, declared as {@link StorageSetting} constants: egress4j refuses any other key in
 *       the configuration with an error naming it, refuses a missing required one, and redacts the ones marked
 *       secret; the plugin reads them back with {@code settings.get(DIRECTORY)};</li>
 *   <li>errors reported as {@link EgressException}, naming the backend and the cause.</li>
 * </ul>
 * Retries, backup storage and keeping the local file when an upload fails are done by egress4j, not here.
 */
@Component(property = Uploader.BACKEND + "=" + CopyStorage.NAME)
public class CopyStorage implements Uploader {

    /** The backend's name: the value of {@code egress.storage} and the config key. */
    public static final String NAME = "copy";
    /** The one setting this backend reads; egress4j checks it is set before any egress starts. */
    public static final StorageSetting DIRECTORY = StorageSetting.of("directory", "where artifacts are copied to")
            .asRequired();

    @Override
    public List<StorageSetting> settings() {
        return List.of(DIRECTORY);
    }

    @Override
    public String upload(Path file, String storagePath, String contentType, StorageSettings settings)
            throws EgressException {
        Path root = Path.of(settings.get(DIRECTORY)).toAbsolutePath().normalize();
        // Storage paths come from requests: never let one lead outside the directory.
        Path target = root.resolve(storagePath.replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new EgressException(Code.INVALID_ARGUMENT,
                    NAME + ": storage path " + storagePath + " is outside " + root);
        }
        try {
            Files.createDirectories(target.getParent());
            // Copy to a temporary name first, so a reader never sees half a file.
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, NAME + ": cannot copy to " + target + ": " + e);
        }
        // The location reported in EgressInfo: for a local copy, its absolute path.
        return target.toString();
    }
}
