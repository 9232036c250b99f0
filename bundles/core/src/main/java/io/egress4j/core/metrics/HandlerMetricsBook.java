package io.egress4j.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The worker's record of its handlers' metrics: the latest snapshot of each running handler, and the totals of
 * counters and histograms of handlers that ended, so that a series never goes back when its handler exits. Rendered
 * in Prometheus' text format beside the worker's own metrics.
 */
public final class HandlerMetricsBook {

    /** Series by name and labels, a histogram's buckets by increasing bound, as the text format wants them. */
    private static final Comparator<MetricSample> IN_FAMILY_ORDER = Comparator.comparing(MetricSample::series)
            .thenComparing(sample -> withoutBound(sample.labels()).toString())
            .thenComparingDouble(sample -> bound(sample.labels()));

    private final Map<String, List<MetricSample>> running = new ConcurrentHashMap<>();
    private final Map<String, MetricSample> retired = new HashMap<>();

    /** The latest snapshot of {@code egressId}'s handler. */
    public void update(String egressId, List<MetricSample> samples) {
        running.put(egressId, List.copyOf(samples));
    }

    /** {@code egressId}'s handler exited: its totals are kept, its gauges dropped. */
    public synchronized void ended(String egressId) {
        List<MetricSample> last = running.remove(egressId);
        if (last == null) {
            return;
        }
        for (MetricSample sample : last) {
            if (sample.cumulative()) {
                retired.merge(sample.key(), sample, HandlerMetricsBook::sum);
            }
        }
    }

    /**
     * Every series, summed across handlers, in Prometheus' text format.
     *
     * @param commonLabels labels every series carries (the worker's node_id and cluster_id)
     */
    public synchronized String render(Map<String, String> commonLabels) {
        Map<String, MetricSample> totals = new LinkedHashMap<>(retired);
        running.values().forEach(samples -> samples.forEach(
                sample -> totals.merge(sample.key(), sample, HandlerMetricsBook::sum)));
        Map<String, List<MetricSample>> families = new TreeMap<>();
        totals.values().forEach(sample -> families.computeIfAbsent(sample.family(), f -> new ArrayList<>())
                .add(sample));
        StringBuilder text = new StringBuilder();
        families.forEach((family, samples) -> {
            text.append("# TYPE ").append(family).append(' ').append(samples.get(0).type()).append('\n');
            samples.sort(IN_FAMILY_ORDER);
            for (MetricSample sample : samples) {
                Map<String, String> labels = new TreeMap<>(commonLabels);
                labels.putAll(sample.labels());
                text.append(sample.series());
                if (!labels.isEmpty()) {
                    text.append(labels.entrySet().stream()
                            .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
                            .collect(Collectors.joining(",", "{", "}")));
                }
                text.append(' ').append(sample.value()).append('\n');
            }
        });
        return text.toString();
    }

    private static Map<String, String> withoutBound(Map<String, String> labels) {
        Map<String, String> rest = new TreeMap<>(labels);
        rest.remove("le");
        return rest;
    }

    private static double bound(Map<String, String> labels) {
        String le = labels.get("le");
        return le == null ? 0 : le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static MetricSample sum(MetricSample a, MetricSample b) {
        return new MetricSample(a.family(), a.type(), a.series(), a.labels(), a.value() + b.value());
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
