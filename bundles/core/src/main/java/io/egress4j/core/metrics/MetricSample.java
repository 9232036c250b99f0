package io.egress4j.core.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One series of a handler's metrics, as it reaches the worker over IPC.
 *
 * @param family the metric family, as {@code # TYPE} names it
 * @param type   {@code counter}, {@code gauge} or {@code histogram} (the family's type)
 * @param series the series name: the family's, or with {@code _bucket}, {@code _sum}, {@code _count} for histograms
 * @param labels the series' labels, sorted
 * @param value  its value now; counters and histogram parts only grow over a handler's life
 */
public record MetricSample(String family, String type, String series, Map<String, String> labels, double value) {

    public MetricSample {
        labels = new TreeMap<>(labels);
    }

    /** Counters and histograms survive the handler (they are totals); gauges end with it. */
    boolean cumulative() {
        return !type.equals("gauge");
    }

    /** The series with its labels, which identifies it across handlers. */
    String key() {
        return series + labels;
    }
}
