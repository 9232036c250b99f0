package io.egress4j.core.worker;

import io.egress4j.core.storage.ArtifactStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;

/**
 * Counters of the egresses that ended on this worker, from their final {@link EgressInfo}: by result (upstream's
 * {@code livekit_egress_handler_results}), those that failed because an output could not be stored, and those that
 * stored on the backup storage. Every counter exists from the start, at 0, so that {@code increase()} sees the first.
 */
final class EgressResults {

    static final String[] REQUEST_TYPES = {"room_composite", "web", "participant", "track_composite", "track"};
    /** Upstream's result labels. */
    private static final String[] RESULTS = {"completed", "aborted", "stopped_cpu", "killed_cpu", "killed_oom",
            "killed_shutdown", "process_error", "duplicate_identity"};

    /** The words the worker's guards end egresses with; the result label is read back from them. */
    static final String CPU_EXHAUSTED = "CPU exhausted";
    static final String OOM = "OOM";
    static final String SHUTTING_DOWN = "server is shutting down";

    private final MeterRegistry registry;

    EgressResults(MeterRegistry registry) {
        this.registry = registry;
        for (String type : REQUEST_TYPES) {
            for (String result : RESULTS) {
                results(type, result);
            }
            uploadFailures(type);
            backupStorageUsed(type);
        }
    }

    void count(EgressInfo info) {
        String type = requestType(info);
        results(type, result(info)).increment();
        if (info.getStatus() == EgressStatus.EGRESS_FAILED && info.getError().contains(ArtifactStore.UPLOAD_FAILED)) {
            uploadFailures(type).increment();
        }
        if (info.getBackupStorageUsed()) {
            backupStorageUsed(type).increment();
        }
    }

    /** Counts an egress that ended silently because another recorder took its identity. */
    void countReplaced(EgressInfo latest) {
        results(requestType(latest), "duplicate_identity").increment();
    }

    static String requestType(EgressInfo info) {
        return info.getRequestCase().name().toLowerCase(Locale.ROOT);
    }

    private Counter results(String type, String result) {
        return Counter.builder("livekit_egress_handler_results").tags(Tags.of("type", type, "result", result))
                .description("egresses that ended on this worker, by request type and result").register(registry);
    }

    private Counter uploadFailures(String type) {
        return Counter.builder("livekit_egress_upload_failures")
                .description("egresses that failed because an output could not be stored, on the primary storage "
                        + "nor on the backup")
                .tag("type", type).register(registry);
    }

    private Counter backupStorageUsed(String type) {
        return Counter.builder("livekit_egress_backup_storage_used")
                .description("egresses that stored outputs on the backup storage after the primary failed")
                .tag("type", type).register(registry);
    }

    private static String result(EgressInfo info) {
        return switch (info.getStatus()) {
            case EGRESS_COMPLETE, EGRESS_LIMIT_REACHED -> info.getDetails().endsWith(CPU_EXHAUSTED) ? "stopped_cpu"
                    : "completed";
            case EGRESS_ABORTED -> "aborted";
            default -> killedBy(info.getError());
        };
    }

    private static String killedBy(String error) {
        if (error.startsWith(CPU_EXHAUSTED)) {
            return "killed_cpu";
        }
        if (error.startsWith(OOM + ":")) {
            return "killed_oom";
        }
        return error.startsWith(SHUTTING_DOWN) ? "killed_shutdown" : "process_error";
    }
}
