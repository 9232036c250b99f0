package io.egress4j.core.storage;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's upload block as the flat keys uploaders declare: nested messages and maps become dotted keys
 * ({@code proxy.url}, {@code metadata.team}), as {@link io.egress4j.core.config.StorageSection} does for the config.
 */
final class FlatSettings {

    private FlatSettings() {
    }

    /** A request's upload block: its set fields only. */
    static Map<String, String> of(Message upload) {
        Map<String, String> settings = new LinkedHashMap<>();
        flatten(upload, "", settings);
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
}
