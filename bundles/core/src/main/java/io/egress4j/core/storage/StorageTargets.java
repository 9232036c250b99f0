package io.egress4j.core.storage;

import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.InvalidStorageSettingException;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import io.egress4j.core.config.ConfigException;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.StorageConfig;
import io.egress4j.core.config.StorageSection;
import io.egress4j.core.config.UploadConfig;
import io.egress4j.core.request.UrlPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the storage for an output with upstream's precedence: the output's own upload block, else the config's
 * {@code storage} section, else the local directory. A request's own upload block takes {@code prefix} and
 * {@code generate_presigned_url} from the config's {@code storage}. Every choice is checked against the settings its
 * backend declares (and the backend's own {@link Uploader#check}) here, when the egress is planned, so a bad upload
 * block or section is refused before anything starts. The core knows no backend's keys.
 */
public final class StorageTargets {

    private StorageTargets() {
    }

    /**
     * @param upload the request's upload block for the output (e.g. {@code livekit.S3Upload}), or null when the
     *               output has none
     */
    public static StorageTarget resolve(Message upload, EgressConfig config, StorageCatalog catalog)
            throws EgressException {
        if (upload != null) {
            return requested(upload, config, catalog);
        }
        Optional<StorageTarget> configured = fromConfig("storage", config.storage, catalog);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (config.disallowLocalStorage) {
            throw EgressException.invalidField("output");
        }
        return local(config.storage, catalog);
    }

    /** The {@code backup} storage, if configured. */
    public static Optional<StorageTarget> backup(EgressConfig config, StorageCatalog catalog) throws EgressException {
        if (config.backup == null) {
            return Optional.empty();
        }
        Optional<StorageTarget> configured = fromConfig("backup", config.backup, catalog);
        return configured.isPresent() ? configured : Optional.of(local(config.backup, catalog));
    }

    /**
     * A request's upload block, served by the backend that declares its message. Errors name the request field
     * ({@code request has missing or invalid field: s3.bucket}).
     */
    private static StorageTarget requested(Message upload, EgressConfig config, StorageCatalog catalog)
            throws EgressException {
        StorageCatalog.Backend backend = catalog.servingUpload(upload.getDescriptorForType().getFullName());
        Map<String, String> requested = FlatSettings.of(upload);
        // Endpoints and proxies a request names are URLs it makes the node reach, like any other.
        UrlPolicy urls = new UrlPolicy(config.allowedNetworks, false);
        for (Map.Entry<String, String> setting : requested.entrySet()) {
            if (setting.getValue().matches("(?i)(https?|wss?)://.*")) {
                urls.check(backend.name() + "." + setting.getKey(), setting.getValue());
            }
        }
        StorageSettings settings;
        try {
            settings = StorageSettings.ofRequest(backend.uploader().settings(), requested,
                    config.operatorSettings());
        } catch (InvalidStorageSettingException e) {
            throw EgressException.invalidField(backend.name() + "." + e.key());
        }
        return checked(backend.uploader(), new StorageTarget(backend.name(), settings, config.storage.prefix,
                config.storage.generatePresignedUrl));
    }

    private static Optional<StorageTarget> fromConfig(String key, UploadConfig upload, StorageCatalog catalog)
            throws EgressException {
        Optional<StorageSection> section = upload.section(key);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromSection(section.get(), upload.prefix, upload.generatePresignedUrl, catalog));
    }

    /** The local root ({@code storage.local.root}): the {@code local} backend's section, as the core keeps it. */
    private static StorageTarget local(StorageConfig storage, StorageCatalog catalog) throws EgressException {
        String root = Path.of(storage.local.root).toAbsolutePath().normalize().toString();
        return fromSection(new StorageSection("storage.local", StorageTarget.LOCAL, Map.of("root", root)), "", false,
                catalog);
    }

    /** A config section, checked against its backend; errors name the config key ({@code storage.s3.bukket}). */
    private static StorageTarget fromSection(StorageSection section, String prefix, boolean presign,
                                             StorageCatalog catalog) throws EgressException {
        Uploader uploader = catalog.uploader(section.backend());
        try {
            return checked(uploader, new StorageTarget(section.backend(), section.settings(uploader.settings()),
                    prefix, presign));
        } catch (ConfigException e) {
            throw new EgressException(Code.FAILED_PRECONDITION, "config: " + e.getMessage());
        }
    }

    private static StorageTarget checked(Uploader uploader, StorageTarget target) throws EgressException {
        uploader.check(target.settings());
        return target;
    }
}
