package io.egress4j.core.request;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies of requests that are safe to report: every secret is replaced by its field name in braces, the way upstream
 * redacts storage keys ({@code {secret}}), so EgressInfo, logs and the admin UI never carry them. It walks the
 * message generically, so every request type and every upload block is covered by the same list of field names;
 * stream URLs show their keys as {@code {abc...xyz}}.
 */
public final class Redaction {

    /** Fields that hold credentials anywhere in LiveKit's egress messages. */
    private static final Set<String> SECRET_FIELDS = Set.of("access_key", "secret", "session_token",
            "assume_role_external_id", "credentials", "account_name", "account_key", "signing_key");

    private Redaction() {
    }

    /** Fields that hold stream URLs, whose keys and secrets are masked the way upstream shows them. */
    private static final Set<String> URL_FIELDS = Set.of("urls", "websocket_url");

    @SuppressWarnings("unchecked")
    public static <T extends Message> T redact(T message) {
        Message.Builder copy = message.toBuilder();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            Object value = field.getValue();
            if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (descriptor.isRepeated()) {
                    List<Message> items = (List<Message>) value;
                    for (int i = 0; i < items.size(); i++) {
                        copy.setRepeatedField(descriptor, i, redact(items.get(i)));
                    }
                } else {
                    copy.setField(descriptor, redact((Message) value));
                }
            } else if (descriptor.getJavaType() == FieldDescriptor.JavaType.STRING) {
                redactString(copy, descriptor, value);
            }
        }
        return (T) copy.build();
    }

    @SuppressWarnings("unchecked")
    private static void redactString(Message.Builder copy, FieldDescriptor field, Object value) {
        if (URL_FIELDS.contains(field.getName())) {
            if (field.isRepeated()) {
                List<String> urls = (List<String>) value;
                for (int i = 0; i < urls.size(); i++) {
                    copy.setRepeatedField(field, i, StreamUrls.redact(urls.get(i)));
                }
            } else {
                copy.setField(field, StreamUrls.redact((String) value));
            }
        } else if (!field.isRepeated() && SECRET_FIELDS.contains(field.getName()) && !((String) value).isEmpty()) {
            copy.setField(field, "{" + field.getName() + "}");
        }
    }
}
