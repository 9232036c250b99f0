package io.egress4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerMetricsBookTest {

    private static final Map<String, String> NODE = Map.of("node_id", "NE_1", "cluster_id", "");

    private final HandlerMetricsBook book = new HandlerMetricsBook();

    @Test
    void countersAreSummedAcrossHandlersAndOutliveThemWhileGaugesEndWithTheirHandler() throws Exception {
        HandlerMetrics first = new HandlerMetrics();
        first.uploadAttempt("video/mp2t", "success", false, Duration.ofMillis(40));
        first.segmentQueue("EG_a", () -> 3);
        HandlerMetrics second = new HandlerMetrics();
        second.uploadAttempt("video/mp2t", "success", false, Duration.ofMillis(700));
        book.update("EG_a", roundTrip(first));
        book.update("EG_b", roundTrip(second));

        String both = book.render(NODE);
        assertTrue(both.contains("livekit_egress_pipeline_uploads{cluster_id=\"\",custom_endpoint=\"false\","
                + "node_id=\"NE_1\",status=\"success\",type=\"video/mp2t\"} 2.0"), both);
        assertTrue(both.contains("livekit_egress_segments_uploads_channel_size{cluster_id=\"\",egress_id=\"EG_a\","
                + "node_id=\"NE_1\"} 3.0"), both);

        book.ended("EG_a");
        second.uploadAttempt("video/mp2t", "success", false, Duration.ofMillis(5));
        book.update("EG_b", roundTrip(second));
        String after = book.render(NODE);
        assertTrue(after.contains("status=\"success\",type=\"video/mp2t\"} 3.0"), "EG_a's upload still counts: "
                + after);
        assertFalse(after.contains("EG_a"), "its queue gauge went with it: " + after);
    }

    @Test
    void theResponseTimeHistogramIsRenderedInOrder() {
        HandlerMetrics metrics = new HandlerMetrics();
        metrics.uploadAttempt("video/mp4", "success", true, Duration.ofMillis(120));
        metrics.uploadAttempt("video/mp4", "5xx", true, Duration.ofMillis(45_000));
        book.update("EG_a", metrics.snapshot());

        List<String> lines = book.render(Map.of()).lines()
                .filter(line -> line.contains("livekit_egress_pipline_upload_response_time_ms")).toList();
        assertEquals("# TYPE livekit_egress_pipline_upload_response_time_ms histogram", lines.get(0));
        assertEquals(List.of("{le=\"10\"} 0.0", "{le=\"50\"} 0.0", "{le=\"100\"} 0.0", "{le=\"250\"} 1.0",
                        "{le=\"500\"} 1.0", "{le=\"1000\"} 1.0", "{le=\"2500\"} 1.0", "{le=\"5000\"} 1.0",
                        "{le=\"10000\"} 1.0", "{le=\"30000\"} 1.0", "{le=\"+Inf\"} 2.0"),
                lines.subList(1, 12).stream().map(line -> line.substring(line.indexOf('{'))).toList());
        assertEquals("livekit_egress_pipline_upload_response_time_ms_count 2.0", lines.get(12));
        assertEquals("livekit_egress_pipline_upload_response_time_ms_sum 45120.0", lines.get(13));
    }

    private static List<MetricSample> roundTrip(HandlerMetrics metrics) throws Exception {
        return MetricsCodec.decode(MetricsCodec.encode(metrics.snapshot()));
    }
}
