package io.egress4j.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The plugins folder is a trust boundary: every jar in it runs inside the worker and every egress. Whoever can write
 * to it can run code as the service, so it must be writable by its owner only, and that owner must be the service's
 * user or root.
 */
final class PluginsFolder {

    private PluginsFolder() {
    }

    /**
     * Creates the folder (writable by its owner only) when missing, and checks it.
     *
     * @throws EgressFramework.StartupException when others can write to it, naming the fix
     */
    static Path prepare(Path folder) throws IOException, EgressFramework.StartupException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new EgressFramework.StartupException("plugins folder " + folder + " is writable by others ("
                    + PosixFilePermissions.toString(permissions) + "): every plugin runs inside egress, so only its"
                    + " owner may write there (chmod go-w " + folder + ")");
        }
        String owner = Files.getOwner(folder).getName();
        String user = System.getProperty("user.name");
        if (!owner.equals(user) && !owner.equals("root")) {
            throw new EgressFramework.StartupException("plugins folder " + folder + " belongs to " + owner
                    + ", who could add plugins that run as " + user + "; it must belong to " + user + " or root");
        }
        return folder;
    }
}
