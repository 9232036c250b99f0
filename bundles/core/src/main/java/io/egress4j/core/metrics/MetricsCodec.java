package io.egress4j.core.metrics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Metric samples as JSON, the form they travel in from a handler to its worker. */
public final class MetricsCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<MetricSample>> SAMPLES = new TypeReference<>() {
    };

    private MetricsCodec() {
    }

    public static byte[] encode(List<MetricSample> samples) {
        try {
            return JSON.writeValueAsBytes(samples);
        } catch (IOException e) {
            throw new UncheckedIOException("metric samples are plain records", e);
        }
    }

    /** @throws IOException when {@code json} is not a list of samples */
    public static List<MetricSample> decode(byte[] json) throws IOException {
        return JSON.readValue(json, SAMPLES);
    }
}
