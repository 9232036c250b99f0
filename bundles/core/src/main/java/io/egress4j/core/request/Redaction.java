package io.egress4j.core.request;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.Uploader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import livekit.LivekitEgress.StorageConfig;

/**
 * Copies of requests that are safe to report: every secret is replaced by its field name in braces, the way upstream
 * redacts storage keys ({@code {secret}}), so EgressInfo, logs and the admin UI never carry them. It walks the
 * message generically. In an upload block, the secrets are the settings its storage plugin declares secret; an upload
 * block no running plugin serves has every text field redacted, since nothing says which are safe. Stream URLs show
 * their keys as {@code {abc...xyz}}.
 */
public final class Redaction {

    /** Fields that hold stream URLs, whose keys and secrets are masked the way upstream shows them. */
    private static final Set<String> URL_FIELDS = Set.of("urls", "websocket_url");
    /** The message types a request can carry as an upload block: the providers of LiveKit's StorageConfig. */
    private static final Set<String> UPLOAD_BLOCKS = StorageConfig.getDescriptor().getOneofs().stream()
            .flatMap(oneof -> oneof.getFields().stream()).map(field -> field.getMessageType().getFullName())
            .collect(Collectors.toUnmodifiableSet());

    private Redaction() {
    }

    /**
     * @param storageBackends the storage plugins running now; their declarations say which upload settings are secret
     */
    public static <T extends Message> T redact(T message, Map<String, Uploader> storageBackends) {
        return redact(message, new Secrets(storageBackends), null);
    }

    /**
     * Where a message lies inside an upload block.
     *
     * @param message the upload block's full type name, e.g. {@code livekit.S3Upload}
     * @param path    the dotted path of the current message in it: "" at its top, {@code proxy.} below
     */
    private record UploadBlock(String message, String path) {
        UploadBlock below(FieldDescriptor field) {
            return new UploadBlock(message, path + field.getName() + ".");
        }
    }

    /** @param uploadPath where {@code message} lies in an upload block, or null outside one */
    @SuppressWarnings("unchecked")
    private static <T extends Message> T redact(T message, Secrets secrets, UploadBlock uploadPath) {
        Message.Builder copy = message.toBuilder();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            Object value = field.getValue();
            if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !descriptor.isMapField()) {
                if (descriptor.isRepeated()) {
                    List<Message> items = (List<Message>) value;
                    for (int i = 0; i < items.size(); i++) {
                        copy.setRepeatedField(descriptor, i, redactNested(items.get(i), descriptor, secrets,
                                uploadPath));
                    }
                } else {
                    copy.setField(descriptor, redactNested((Message) value, descriptor, secrets, uploadPath));
                }
            } else if (descriptor.getJavaType() == FieldDescriptor.JavaType.STRING) {
                redactString(copy, descriptor, value, secrets, uploadPath);
            }
        }
        return (T) copy.build();
    }

    private static Message redactNested(Message nested, FieldDescriptor field, Secrets secrets,
                                        UploadBlock uploadPath) {
        if (uploadPath != null) {
            return redact(nested, secrets, uploadPath.below(field));
        }
        String type = nested.getDescriptorForType().getFullName();
        return redact(nested, secrets, UPLOAD_BLOCKS.contains(type) ? new UploadBlock(type, "") : null);
    }

    @SuppressWarnings("unchecked")
    private static void redactString(Message.Builder copy, FieldDescriptor field, Object value, Secrets secrets,
                                     UploadBlock uploadPath) {
        if (uploadPath == null && URL_FIELDS.contains(field.getName())) {
            if (field.isRepeated()) {
                List<String> urls = (List<String>) value;
                for (int i = 0; i < urls.size(); i++) {
                    copy.setRepeatedField(field, i, StreamUrls.redact(urls.get(i)));
                }
            } else {
                copy.setField(field, StreamUrls.redact((String) value));
            }
        } else if (!field.isRepeated() && !((String) value).isEmpty() && secrets.isSecret(field, uploadPath)) {
            copy.setField(field, "{" + field.getName() + "}");
        }
    }

    /** Which fields are secret, from the running storage plugins' declarations. */
    private record Secrets(Map<String, Uploader> storageBackends) {

        boolean isSecret(FieldDescriptor field, UploadBlock uploadPath) {
            if (uploadPath == null) {
                // LiveKit's schema marks no secret outside upload blocks: a webhook's signing_key names an API key,
                // and a LiveKit server reading the report needs it to sign that webhook.
                return false;
            }
            return declaredSecrets(uploadPath.message())
                    .map(secret -> secret.contains(uploadPath.path() + field.getName()))
                    .orElse(true);
        }

        /** The settings declared secret by the plugin serving {@code uploadMessage}; empty when none serves it. */
        private Optional<Set<String>> declaredSecrets(String uploadMessage) {
            return storageBackends.values().stream()
                    .filter(uploader -> uploader.requestUpload().filter(uploadMessage::equals).isPresent())
                    .findFirst()
                    .map(uploader -> uploader.settings().stream().filter(StorageSetting::secret)
                            .map(StorageSetting::name).collect(Collectors.toSet()));
        }
    }
}
