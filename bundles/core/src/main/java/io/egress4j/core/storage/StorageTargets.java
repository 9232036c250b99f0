package io.egress4j.core.storage;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.StorageConfig;
import io.egress4j.core.config.UploadConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the storage for an output with upstream's precedence: the output's own upload block, else the config's
 * {@code storage} (a built-in provider, or the first plugin backend named there), else the local directory. A request's
 * own upload block takes {@code prefix} and {@code generate_presigned_url} from the config's {@code storage}. Settings
 * reach the uploader flat, with upstream's key names
 * ({@code bucket}, {@code metadata.<key>}, {@code proxy.url}).
 */
public final class StorageTargets {

    private StorageTargets() {
    }

    /**
     * @param upload the request's upload block for the output (S3Upload, GCPUpload, AzureBlobUpload, AliOSSUpload),
     *               or null when the output has none
     */
    public static StorageTarget resolve(Message upload, EgressConfig config) throws EgressException {
        if (upload != null) {
            StorageTarget requested = new StorageTarget(backendOf(upload), flatten(upload), config.storage.prefix,
                    config.storage.generatePresignedUrl);
            return requested.backend().equals("s3") ? withAssumeRoleKeys(requested, config) : requested;
        }
        Optional<StorageTarget> configured = fromConfig(config.storage);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (config.disallowLocalStorage) {
            throw EgressException.invalidField("output");
        }
        return local(config.storage);
    }

    /** The {@code backup} storage, if configured. */
    public static Optional<StorageTarget> backup(EgressConfig config) {
        if (config.backup == null) {
            return Optional.empty();
        }
        return Optional.of(fromConfig(config.backup).orElseGet(() -> local(config.backup)));
    }

    private static StorageTarget local(StorageConfig storage) {
        return new StorageTarget(StorageTarget.LOCAL, Map.of("root",
                java.nio.file.Path.of(storage.local.root).toAbsolutePath().normalize().toString()), "");
    }

    /** The proto's oneof member name is the plugin's name, except Google's ("gcp") and Aliyun's ("alioss"). */
    private static String backendOf(Message upload) {
        return switch (upload.getDescriptorForType().getName()) {
            case "S3Upload" -> "s3";
            case "GCPUpload" -> "gcp";
            case "AzureBlobUpload" -> "azure";
            case "AliOSSUpload" -> "alioss";
            default -> throw new IllegalArgumentException("not an upload block: " + upload.getDescriptorForType());
        };
    }

    /**
     * AssumeRole without keys in the request uses the operator's {@code s3_assume_role_key/secret}; without those
     * the feature is off, with upstream's PermissionDenied.
     */
    private static StorageTarget withAssumeRoleKeys(StorageTarget s3, EgressConfig config) throws EgressException {
        Map<String, String> settings = s3.settings();
        if (settings.getOrDefault("assume_role_arn", "").isEmpty()
                || !settings.getOrDefault("access_key", "").isEmpty()) {
            return s3;
        }
        if (config.s3AssumeRoleKey.isEmpty() || config.s3AssumeRoleSecret.isEmpty()) {
            throw new EgressException(Code.PERMISSION_DENIED,
                    "S3 upload using AssumeRole is disabled for this account");
        }
        Map<String, String> withKeys = new LinkedHashMap<>(settings);
        withKeys.put("access_key", config.s3AssumeRoleKey);
        withKeys.put("secret", config.s3AssumeRoleSecret);
        if (withKeys.getOrDefault("assume_role_external_id", "").isEmpty()) {
            withKeys.put("assume_role_external_id", config.s3AssumeRoleExternalId);
        }
        return new StorageTarget("s3", withKeys, s3.prefix(), s3.presign());
    }

    /** A request's upload block as flat settings: set fields only, maps and nested messages as dotted keys. */
    static Map<String, String> flatten(Message message) {
        Map<String, String> settings = new LinkedHashMap<>();
        flatten(message, "", settings);
        return settings;
    }

    private static void flatten(Message message, String prefix, Map<String, String> settings) {
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            String key = prefix + field.getKey().getName();
            Object value = field.getValue();
            if (field.getKey().isMapField()) {
                for (Object entry : (List<?>) value) {
                    MapEntry<?, ?> pair = (MapEntry<?, ?>) entry;
                    settings.put(key + "." + pair.getKey(), String.valueOf(pair.getValue()));
                }
            } else if (value instanceof Message nested) {
                flatten(nested, key + ".", settings);
            } else {
                settings.put(key, String.valueOf(value));
            }
        }
    }

    private static Optional<StorageTarget> fromConfig(UploadConfig upload) {
        Map<String, String> settings = new LinkedHashMap<>();
        String backend;
        if (upload.s3 != null) {
            backend = "s3";
            UploadConfig.S3 s3 = upload.s3;
            put(settings, "access_key", s3.accessKey);
            put(settings, "secret", s3.secret);
            put(settings, "session_token", s3.sessionToken);
            put(settings, "assume_role_arn", s3.assumeRoleArn);
            put(settings, "assume_role_external_id", s3.assumeRoleExternalId);
            put(settings, "region", s3.region);
            put(settings, "endpoint", s3.endpoint);
            put(settings, "bucket", s3.bucket);
            put(settings, "force_path_style", s3.forcePathStyle ? "true" : "");
            put(settings, "max_retries", String.valueOf(s3.maxRetries));
            put(settings, "max_retry_delay", duration(s3.maxRetryDelay));
            put(settings, "min_retry_delay", duration(s3.minRetryDelay));
            put(settings, "tagging", s3.tagging);
            put(settings, "content_disposition", s3.contentDisposition);
            s3.metadata.forEach((key, value) -> settings.put("metadata." + key, value));
            proxy(settings, s3.proxy);
        } else if (upload.azure != null) {
            backend = "azure";
            put(settings, "account_name", upload.azure.accountName);
            put(settings, "account_key", upload.azure.accountKey);
            put(settings, "container_name", upload.azure.containerName);
            put(settings, "endpoint", upload.azure.endpoint);
        } else if (upload.gcp != null) {
            backend = "gcp";
            put(settings, "credentials_json", upload.gcp.credentialsJson);
            put(settings, "bucket", upload.gcp.bucket);
            proxy(settings, upload.gcp.proxy);
        } else if (upload.alioss != null) {
            backend = "alioss";
            put(settings, "access_key", upload.alioss.accessKey);
            put(settings, "secret", upload.alioss.secret);
            put(settings, "region", upload.alioss.region);
            put(settings, "endpoint", upload.alioss.endpoint);
            put(settings, "bucket", upload.alioss.bucket);
        } else if (upload instanceof StorageConfig storage && !storage.pluginBackends().isEmpty()) {
            Map.Entry<String, Map<String, String>> plugin = storage.pluginBackends().entrySet().iterator().next();
            backend = plugin.getKey();
            settings.putAll(plugin.getValue());
        } else {
            return Optional.empty();
        }
        return Optional.of(new StorageTarget(backend, settings, upload.prefix, upload.generatePresignedUrl));
    }

    private static void proxy(Map<String, String> settings, UploadConfig.Proxy proxy) {
        if (proxy != null) {
            put(settings, "proxy.url", proxy.url);
            put(settings, "proxy.username", proxy.username);
            put(settings, "proxy.password", proxy.password);
        }
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isEmpty()) {
            settings.put(key, value);
        }
    }

    private static String duration(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
