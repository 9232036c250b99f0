package io.egress4j.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import io.egress4j.core.request.UrlPolicy;
import java.util.ArrayList;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.Uploader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The value checks binding cannot express, all in one place. Each violation names its dotted key. */
final class ConfigValidator {

    /** A bad value: {@code key} locates it in the source, {@code message} explains it. */
    record Violation(String key, String message) {
    }

    private static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");
    private static final List<String> REQUEST_TYPES = List.of(
            "room_composite", "web", "participant", "track_composite", "track", "template", "media");

    /** Each spare is a booted JVM of a few hundred MB, idle. */
    private static final int MAX_SPARES = 8;
    /** One crash must not cost an unbounded number of recordings. */
    private static final int MAX_LIGHT_PER_PROCESS = 64;

    private final List<Violation> violations = new ArrayList<>();

    private ConfigValidator() {
    }

    /**
     * @param storageBackends the storage plugins running now, by name: the sections and top-level keys they declare
     *                        are checked here; sections of other backends are checked when first used
     */
    static List<Violation> check(EgressConfig config, Map<String, Uploader> storageBackends) {
        ConfigValidator validator = new ConfigValidator();
        validator.checkService(config);
        validator.checkRedis(config.redis);
        validator.checkLogging(config.logging);
        validator.checkSessionLimits(config.sessionLimits);
        validator.checkStorage("storage", config.storage, storageBackends);
        if (config.backup != null) {
            validator.checkStorage("backup", config.backup, storageBackends);
        }
        validator.checkUpload("debug", config.debug, storageBackends);
        validator.checkOperatorSettings(config.operatorSettings(), storageBackends);
        validator.checkLatency("latency", config.latency);
        config.latencyOverrides.forEach((requestType, latency) -> {
            String key = "latency_overrides." + requestType;
            if (!REQUEST_TYPES.contains(requestType)) {
                validator.violations.add(new Violation(key, "unknown key \"" + key + "\", expected one of "
                        + String.join(", ", REQUEST_TYPES)));
            }
            validator.checkLatency(key, latency);
        });
        validator.checkCpuCost(config.cpuCost);
        return validator.violations;
    }

    private void checkService(EgressConfig config) {
        port("health_port", config.healthPort);
        port("template_port", config.templatePort);
        port("prometheus_port", config.prometheusPort);
        port("debug_handler_port", config.debugHandlerPort);
        notNegative("max_upload_queue", config.maxUploadQueue);
        notNegative("io_create_timeout", config.ioCreateTimeout);
        notNegative("io_update_timeout", config.ioUpdateTimeout);
        notNegative("io_selection_timeout", config.ioSelectionTimeout);
        notNegative("work_dir_retention", config.workDirRetention);
        notNegative("video_encoder_threads", config.videoEncoderThreads);
        if (config.handlers.spares < 0 || config.handlers.spares > MAX_SPARES) {
            fail("handlers.spares", "must be between 0 and " + MAX_SPARES, Integer.toString(config.handlers.spares));
        }
        int lightPerProcess = config.handlers.lightEgressPerProcess;
        if (lightPerProcess < 1 || lightPerProcess > MAX_LIGHT_PER_PROCESS) {
            fail("handlers.light_egress_per_process", "must be between 1 and " + MAX_LIGHT_PER_PROCESS,
                    Integer.toString(lightPerProcess));
        }
        for (int i = 0; i < config.allowedNetworks.size(); i++) {
            try {
                new UrlPolicy(List.of(config.allowedNetworks.get(i)), false);
            } catch (IllegalArgumentException e) {
                fail("allowed_networks[" + i + "]", "must be a network in CIDR notation, e.g. 10.0.0.0/8",
                        config.allowedNetworks.get(i));
            }
        }
        double rate = config.audioTempoController.adjustmentRate;
        if (rate <= 0 || rate > 0.2) {
            fail("audio_tempo_controller.adjustment_rate", "must be greater than 0 and at most 0.2", number(rate));
        }
    }

    private void checkRedis(RedisConfig redis) {
        notNegative("redis.db", redis.db);
        notNegative("redis.dial_timeout", redis.dialTimeout);
        notNegative("redis.read_timeout", redis.readTimeout);
        notNegative("redis.write_timeout", redis.writeTimeout);
        notNegative("redis.pool_timeout", redis.poolTimeout);
        notNegative("redis.pool_size", redis.poolSize);
    }

    private void checkLogging(LoggingConfig logging) {
        oneOf("logging.level", logging.level, LOG_LEVELS);
        logging.componentLevels.forEach((component, level) ->
                oneOf("logging.component_levels." + component, level, LOG_LEVELS));
        notNegative("logging.sample_initial", logging.sampleInitial);
        notNegative("logging.sample_interval", logging.sampleInterval);
        notNegative("logging.item_sample_seconds", logging.itemSampleSeconds);
        notNegative("logging.item_sample_initial", logging.itemSampleInitial);
        notNegative("logging.item_sample_interval", logging.itemSampleInterval);
    }

    private void checkSessionLimits(EgressConfig.SessionLimits limits) {
        notNegative("session_limits.file_output_max_duration", limits.fileOutputMaxDuration);
        notNegative("session_limits.file_output_max_size", limits.fileOutputMaxSize);
        notNegative("session_limits.stream_output_max_duration", limits.streamOutputMaxDuration);
        notNegative("session_limits.segment_output_max_duration", limits.segmentOutputMaxDuration);
        notNegative("session_limits.image_output_max_duration", limits.imageOutputMaxDuration);
    }

    private void checkStorage(String key, StorageConfig storage, Map<String, Uploader> storageBackends) {
        checkUpload(key, storage, storageBackends);
        if (storage.local.root.isBlank()) {
            fail(key + ".local.root", "must not be empty", null);
        }
    }

    private void checkUpload(String key, UploadConfig upload, Map<String, Uploader> storageBackends) {
        if (upload.backends().size() > 1) {
            violations.add(new Violation(key, "\"" + key + "\" must set one storage backend, found "
                    + String.join(", ", upload.backends().keySet())));
        }
        upload.section(key).ifPresent(section -> {
            Uploader backend = storageBackends.get(section.backend());
            if (backend != null) {
                section.check(backend.settings()).ifPresent(problem ->
                        violations.add(new Violation(problem.key(), problem.message())));
            }
        });
    }

    /** Top-level keys not bound to a field are accepted only when a storage plugin declares them. */
    private void checkOperatorSettings(Map<String, String> operatorSettings, Map<String, Uploader> storageBackends) {
        Set<String> declared = storageBackends.values().stream().flatMap(uploader -> uploader.settings().stream())
                .filter(setting -> setting.kind() == StorageSetting.Kind.OPERATOR).map(StorageSetting::name)
                .collect(Collectors.toSet());
        operatorSettings.keySet().stream().filter(key -> !declared.contains(key))
                .forEach(key -> violations.add(new Violation(key, BindingErrors.unknownKey(key))));
    }

    private void checkLatency(String key, EgressConfig.LatencyConfig latency) {
        notNegative(key + ".jitter_buffer_latency", latency.jitterBufferLatency);
        notNegative(key + ".audio_mixer_latency", latency.audioMixerLatency);
        notNegative(key + ".pipeline_latency", latency.pipelineLatency);
        notNegative(key + ".old_packet_threshold", latency.oldPacketThreshold);
    }

    private void checkCpuCost(CpuCostConfig cost) {
        notNegative("cpu_cost.max_memory", cost.maxMemory);
        notNegative("cpu_cost.memory_cost", cost.memoryCost);
        notNegative("cpu_cost.max_pulse_clients", cost.maxPulseClients);
        notNegative("cpu_cost.memory_kill_grace_sec", cost.memoryKillGraceSec);
    }

    private void port(String key, int port) {
        if (port < 0 || port > 65535) {
            fail(key, "must be between 0 and 65535", String.valueOf(port));
        }
    }

    private void notNegative(String key, double value) {
        if (value < 0) {
            fail(key, "must not be negative", number(value));
        }
    }

    private void notNegative(String key, Duration value) {
        if (value.isNegative()) {
            fail(key, "must not be negative", GoDuration.format(value));
        }
    }

    private void oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            fail(key, "must be one of " + String.join(", ", allowed), "\"" + value + "\"");
        }
    }

    private void fail(String key, String requirement, String got) {
        violations.add(new Violation(key, "\"" + key + "\" " + requirement + (got == null ? "" : ", got " + got)));
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
