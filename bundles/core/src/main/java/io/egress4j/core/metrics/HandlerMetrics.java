package io.egress4j.core.metrics;

import io.egress4j.core.storage.StorageEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The metrics of one handler process, under upstream's names: storage uploads by MIME type, status and custom
 * endpoint, their response times, writes to the backup storage, and how many segment uploads wait. The handler
 * sends {@link #snapshot}s to the worker, which serves them on its Prometheus port.
 */
public final class HandlerMetrics implements StorageEvents {

    static final String UPLOADS = "livekit_egress_pipeline_uploads";
    /** The misspelling is upstream's, and dashboards query it. */
    static final String UPLOAD_RESPONSE_TIME = "livekit_egress_pipline_upload_response_time_ms";
    static final String BACKUP_WRITES = "livekit_egress_backup_storage_writes";
    static final String SEGMENT_QUEUE = "livekit_egress_segments_uploads_channel_size";
    static final long[] RESPONSE_TIME_BUCKETS_MS = {10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final Map<Map<String, String>, LongAdder> uploads = new ConcurrentHashMap<>();
    private final Map<Map<String, String>, LongAdder> backupWrites = new ConcurrentHashMap<>();
    private final LongAdder[] responseTimeBuckets = new LongAdder[RESPONSE_TIME_BUCKETS_MS.length];
    private final LongAdder responseTimeCount = new LongAdder();
    private final LongAdder responseTimeSumMs = new LongAdder();
    private final Map<String, IntSupplier> segmentQueues = new ConcurrentHashMap<>();

    public HandlerMetrics() {
        for (int i = 0; i < responseTimeBuckets.length; i++) {
            responseTimeBuckets[i] = new LongAdder();
        }
    }

    @Override
    public void uploadAttempt(String contentType, String status, boolean customEndpoint, Duration took) {
        uploads.computeIfAbsent(Map.of("type", contentType, "status", status, "custom_endpoint",
                String.valueOf(customEndpoint)), labels -> new LongAdder()).increment();
        long millis = took.toMillis();
        for (int i = 0; i < RESPONSE_TIME_BUCKETS_MS.length; i++) {
            if (millis <= RESPONSE_TIME_BUCKETS_MS[i]) {
                responseTimeBuckets[i].increment();
            }
        }
        responseTimeCount.increment();
        responseTimeSumMs.add(millis);
    }

    @Override
    public void backupWrite(String contentType) {
        backupWrites.computeIfAbsent(Map.of("output_type", outputType(contentType)), labels -> new LongAdder())
                .increment();
    }

    /** The segment uploads of {@code egressId} waiting now (playlists share their queue), read at each snapshot. */
    public void segmentQueue(String egressId, IntSupplier waiting) {
        segmentQueues.put(egressId, waiting);
    }

    /** Every series now. */
    public List<MetricSample> snapshot() {
        List<MetricSample> samples = new ArrayList<>();
        uploads.forEach((labels, count) -> samples.add(
                new MetricSample(UPLOADS, "counter", UPLOADS, labels, count.sum())));
        backupWrites.forEach((labels, count) -> samples.add(
                new MetricSample(BACKUP_WRITES, "counter", BACKUP_WRITES, labels, count.sum())));
        if (responseTimeCount.sum() > 0) {
            String histogram = "histogram";
            for (int i = 0; i < RESPONSE_TIME_BUCKETS_MS.length; i++) {
                samples.add(new MetricSample(UPLOAD_RESPONSE_TIME, histogram, UPLOAD_RESPONSE_TIME + "_bucket",
                        Map.of("le", String.valueOf(RESPONSE_TIME_BUCKETS_MS[i])), responseTimeBuckets[i].sum()));
            }
            samples.add(new MetricSample(UPLOAD_RESPONSE_TIME, histogram, UPLOAD_RESPONSE_TIME + "_bucket",
                    Map.of("le", "+Inf"), responseTimeCount.sum()));
            samples.add(new MetricSample(UPLOAD_RESPONSE_TIME, histogram, UPLOAD_RESPONSE_TIME + "_sum", Map.of(),
                    responseTimeSumMs.sum()));
            samples.add(new MetricSample(UPLOAD_RESPONSE_TIME, histogram, UPLOAD_RESPONSE_TIME + "_count",
                    Map.of(), responseTimeCount.sum()));
        }
        segmentQueues.forEach((egressId, waiting) -> samples.add(new MetricSample(SEGMENT_QUEUE, "gauge",
                SEGMENT_QUEUE, Map.of("egress_id", egressId), waiting.getAsInt())));
        return samples;
    }

    /** What an artifact is, from its MIME type: upstream labels backup writes by output. */
    static String outputType(String contentType) {
        if (contentType.equals("application/json")) {
            return "manifest";
        }
        if (contentType.contains("mpegurl")) {
            return "playlist";
        }
        if (contentType.startsWith("image/")) {
            return "image";
        }
        return contentType.equals("video/mp2t") ? "segment" : "file";
    }
}
