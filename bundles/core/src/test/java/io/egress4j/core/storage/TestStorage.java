package io.egress4j.core.storage;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.StorageSettings;
import io.egress4j.api.Uploader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stand-ins for the storage plugins, declaring settings the way the real ones do (as far as core tests need) but
 * storing nothing: the core's storage code is plugin-agnostic, real backends are tested in their own modules.
 */
public final class TestStorage {

    private static final StorageSetting PROXY_PASSWORD = StorageSetting.of("proxy.password", "").asSecret()
            .withAlias("proxy_config.password");
    private static final List<StorageSetting> PROXY = List.of(
            StorageSetting.of("proxy.url", "").withAlias("proxy_config.url"),
            StorageSetting.of("proxy.username", "").withAlias("proxy_config.username"), PROXY_PASSWORD);

    public static final Uploader S3 = new Declaring("livekit.S3Upload", concat(List.of(
            StorageSetting.of("bucket", ""), StorageSetting.of("access_key", "").asSecret(),
            StorageSetting.of("secret", "").asSecret(), StorageSetting.of("session_token", "").asSecret(),
            StorageSetting.of("assume_role_arn", ""), StorageSetting.of("assume_role_external_id", "").asSecret(),
            StorageSetting.of("region", ""), StorageSetting.of("endpoint", ""),
            StorageSetting.of("force_path_style", ""), StorageSetting.keyed("metadata", ""),
            StorageSetting.of("tagging", ""), StorageSetting.of("content_disposition", ""),
            StorageSetting.of("max_retries", ""), StorageSetting.of("max_retry_delay", ""),
            StorageSetting.of("min_retry_delay", ""), StorageSetting.of("aws_log_level", ""),
            StorageSetting.operator("s3_assume_role_key", "").asSecret(),
            StorageSetting.operator("s3_assume_role_secret", "").asSecret(),
            StorageSetting.operator("s3_assume_role_arn", ""),
            StorageSetting.operator("s3_assume_role_external_id", "").asSecret(),
            StorageSetting.operator("allow_node_credentials", "")), PROXY));
    public static final Uploader GCP = new Declaring("livekit.GCPUpload", concat(List.of(
            StorageSetting.of("bucket", ""),
            StorageSetting.of("credentials", "").asSecret().withAlias("credentials_json")), PROXY));
    public static final Uploader AZURE = new Declaring("livekit.AzureBlobUpload", List.of(
            StorageSetting.of("container_name", ""), StorageSetting.of("account_name", "").asSecret(),
            StorageSetting.of("account_key", "").asSecret(), StorageSetting.of("endpoint", "")));
    public static final Uploader ALIOSS = new Declaring("livekit.AliOSSUpload", List.of(
            StorageSetting.of("bucket", ""), StorageSetting.of("access_key", "").asSecret(),
            StorageSetting.of("secret", "").asSecret(), StorageSetting.of("region", ""),
            StorageSetting.of("endpoint", "")));
    public static final Uploader LOCAL = new Declaring(null, List.of(StorageSetting.of("root", "").asRequired()));
    /** A plugin backend in the style of plugins-storage/example-copy. */
    public static final Uploader COPY = new Declaring(null, List.of(StorageSetting.of("directory", "").asRequired()));

    /** The built-in backends and the example plugin, by name. */
    public static final Map<String, Uploader> BACKENDS = Map.of("s3", S3, "gcp", GCP, "azure", AZURE,
            "alioss", ALIOSS, "local", LOCAL, "copy", COPY);

    private TestStorage() {
    }

    /** A catalog of {@link #BACKENDS}. */
    public static StorageCatalog catalog() {
        return catalog(BACKENDS);
    }

    public static StorageCatalog catalog(Map<String, Uploader> backends) {
        return new StorageCatalog() {
            @Override
            public Uploader uploader(String backend) throws EgressException {
                Uploader uploader = backends.get(backend);
                if (uploader == null) {
                    throw new EgressException(Code.UNAVAILABLE, "no storage backend plugin named \"" + backend
                            + "\" is running");
                }
                return uploader;
            }

            @Override
            public Backend servingUpload(String uploadMessage) throws EgressException {
                return backends.entrySet().stream()
                        .filter(e -> e.getValue().requestUpload().filter(uploadMessage::equals).isPresent())
                        .findFirst().map(e -> new Backend(e.getKey(), e.getValue()))
                        .orElseThrow(() -> new EgressException(Code.UNAVAILABLE,
                                "no storage plugin serving " + uploadMessage + " is running"));
            }

            @Override
            public Map<String, Uploader> registered() {
                return backends;
            }
        };
    }

    /** Settings for stand-in uploaders that read any key: each key given is declared, in the order given. */
    public static StorageSettings settings(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return StorageSettings.of(values.keySet().stream().map(key -> StorageSetting.of(key, "")).toList(), values);
    }

    private static List<StorageSetting> concat(List<StorageSetting> first, List<StorageSetting> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    /** Declares settings; uploads nothing. */
    public record Declaring(String requestMessage, List<StorageSetting> settings) implements Uploader {
        @Override
        public Optional<String> requestUpload() {
            return Optional.ofNullable(requestMessage);
        }

        @Override
        public String upload(Path file, String storagePath, String contentType, StorageSettings settings) {
            throw new UnsupportedOperationException("a stand-in declares settings only");
        }
    }
}
