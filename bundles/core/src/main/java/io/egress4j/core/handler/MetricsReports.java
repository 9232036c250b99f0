package io.egress4j.core.handler;

import io.egress4j.core.metrics.HandlerMetrics;
import io.egress4j.core.metrics.MetricsCodec;
import io.egress4j.core.DaemonThreads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the handler's metrics to its worker every {@link #INTERVAL} and once more when the egress is over, so the
 * worker's totals include the last uploads.
 */
final class MetricsReports implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(MetricsReports.class.getName());

    private final IpcChannel channel;
    private final HandlerMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("metrics-reports"));

    private MetricsReports(IpcChannel channel, HandlerMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    static MetricsReports start(IpcChannel channel, HandlerMetrics metrics) {
        MetricsReports reports = new MetricsReports(channel, metrics);
        reports.timer.scheduleAtFixedRate(reports::send, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return reports;
    }

    private void send() {
        try {
            channel.send(new IpcMessage(IpcMessage.Type.METRICS, MetricsCodec.encode(metrics.snapshot())));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "metrics not sent: {0}", e.getMessage());
        }
    }

    /** Sends the final figures. */
    @Override
    public void close() {
        timer.shutdownNow();
        send();
    }
}
