package io.egress4j.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings one upload uses: values keyed by the declared {@link StorageSetting}s, checked when made (every key
 * declared, every required setting present). Immutable. A plugin reads them with its declared constants:
 * {@code settings.get(BUCKET)}.
 *
 * @since 2.0
 */
public final class StorageSettings {

    private final List<StorageSetting> declared;
    private final Map<String, String> values;
    private final boolean fromRequest;

    private StorageSettings(List<StorageSetting> declared, Map<String, String> values, boolean fromRequest) {
        this.declared = declared;
        this.values = values;
        this.fromRequest = fromRequest;
    }

    /**
     * Checks {@code values} against {@code declared}: aliases become the setting's name, empty values count as
     * absent.
     *
     * @param values flat keys ({@code bucket}, {@code proxy.url}, {@code metadata.team}) to values
     * @throws InvalidStorageSettingException naming the first key that is not declared or the first required setting
     *                                        that is missing
     */
    public static StorageSettings of(Collection<StorageSetting> declared, Map<String, String> values) {
        return check(declared, values, Map.of(), false);
    }

    /**
     * Settings from a request's upload block: as {@link #of(Collection, Map)}, plus the
     * {@link StorageSetting.Kind#OPERATOR} settings taken from {@code operatorValues} (the config's top-level keys;
     * others there are ignored), which the request itself cannot set.
     */
    public static StorageSettings ofRequest(Collection<StorageSetting> declared, Map<String, String> values,
                                            Map<String, String> operatorValues) {
        return check(declared, values, operatorValues, true);
    }

    private static StorageSettings check(Collection<StorageSetting> declared, Map<String, String> values,
                                         Map<String, String> operatorValues, boolean fromRequest) {
        Map<String, String> checked = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            StorageSetting setting = declared.stream()
                    .filter(s -> s.kind() != StorageSetting.Kind.OPERATOR && s.matches(key)).findFirst()
                    .orElseThrow(() -> InvalidStorageSettingException.unknown(key));
            putIfSet(checked, setting.canonical(key), value);
        });
        for (StorageSetting setting : declared) {
            if (setting.kind() == StorageSetting.Kind.OPERATOR) {
                putIfSet(checked, setting.name(), operatorValues.get(setting.name()));
            }
            if (setting.required() && !checked.containsKey(setting.name())) {
                throw InvalidStorageSettingException.missing(setting.name());
            }
        }
        return new StorageSettings(List.copyOf(declared), Map.copyOf(checked), fromRequest);
    }

    private static void putIfSet(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.strip());
        }
    }

    /** The value, stripped, or "" when it is not set. */
    public String get(StorageSetting setting) {
        return values.getOrDefault(setting.name(), "");
    }

    /** The keys below a {@link StorageSetting.Kind#KEYED} setting without its name: {@code metadata.team} → {@code team}. */
    public Map<String, String> keyed(StorageSetting setting) {
        Map<String, String> below = new LinkedHashMap<>();
        String prefix = setting.name() + ".";
        values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> below.put(e.getKey().substring(prefix.length()), e.getValue()));
        return below;
    }

    /** A copy fit for logs and messages: each secret value is replaced by its name in braces ({@code {secret}}). */
    public StorageSettings redacted() {
        Map<String, String> copy = new LinkedHashMap<>(values);
        declared.stream().filter(StorageSetting::secret).filter(s -> copy.containsKey(s.name()))
                .forEach(s -> copy.put(s.name(), "{" + s.name() + "}"));
        return new StorageSettings(declared, Map.copyOf(copy), fromRequest);
    }

    /** True when a request's upload block chose these settings, false when the config did. */
    public boolean fromRequest() {
        return fromRequest;
    }

    /** The settings this value was checked against. */
    public List<StorageSetting> declared() {
        return declared;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageSettings that && values.equals(that.values) && fromRequest == that.fromRequest;
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + Boolean.hashCode(fromRequest);
    }

    /** The values, secrets redacted. */
    @Override
    public String toString() {
        return redacted().values.toString();
    }
}
