package io.egress4j.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.Test;

class EgressResultsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EgressResults results = new EgressResults(registry);

    @Test
    void everyCounterStartsAtZero() {
        String scrape = registry.scrape();
        assertTrue(scrape.contains("livekit_egress_handler_results_total{result=\"process_error\",type=\"track\"} 0.0"),
                scrape);
        assertTrue(scrape.contains("livekit_egress_upload_failures_total{type=\"web\"} 0.0"), scrape);
        assertTrue(scrape.contains("livekit_egress_backup_storage_used_total{type=\"room_composite\"} 0.0"), scrape);
    }

    @Test
    void countsResultsUploadFailuresAndBackupUse() {
        EgressInfo web = EgressInfo.newBuilder().setWeb(WebEgressRequest.getDefaultInstance()).build();
        EgressInfo track = EgressInfo.newBuilder().setTrack(TrackEgressRequest.getDefaultInstance()).build();
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_FAILED)
                .setError("primary: s3 (rec) upload failed: connection refused; the recording is kept at /w/a.mp4")
                .build());
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError("pipeline frozen").build());
        results.count(track.toBuilder().setStatus(EgressStatus.EGRESS_COMPLETE).setBackupStorageUsed(true).build());
        results.count(track.toBuilder().setStatus(EgressStatus.EGRESS_LIMIT_REACHED).build());
        results.count(track.toBuilder().setStatus(EgressStatus.EGRESS_ABORTED).build());

        assertEquals(2, count("livekit_egress_handler_results", "type", "web", "result", "process_error"));
        assertEquals(1, count("livekit_egress_upload_failures", "type", "web"));
        assertEquals(2, count("livekit_egress_handler_results", "type", "track", "result", "completed"));
        assertEquals(1, count("livekit_egress_handler_results", "type", "track", "result", "aborted"));
        assertEquals(1, count("livekit_egress_backup_storage_used", "type", "track"));
        assertEquals(0, count("livekit_egress_upload_failures", "type", "track"));
    }

    @Test
    void egressesTheWorkerEndedAreCountedWithUpstreamsResults() {
        EgressInfo web = EgressInfo.newBuilder().setWeb(WebEgressRequest.getDefaultInstance()).build();
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_COMPLETE).setDetails("End reason: CPU exhausted")
                .build());
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError("CPU exhausted: 3.10 cores used")
                .build());
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError("OOM: 7.20 GB used").build());
        results.count(web.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setError("server is shutting down; "
                + "recorded media kept at [/w/a.mp4]").build());
        results.countReplaced(web);

        for (String result : new String[] {"stopped_cpu", "killed_cpu", "killed_oom", "killed_shutdown",
            "duplicate_identity"}) {
            assertEquals(1, count("livekit_egress_handler_results", "type", "web", "result", result), result);
        }
        assertEquals(0, count("livekit_egress_handler_results", "type", "web", "result", "process_error"));
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
