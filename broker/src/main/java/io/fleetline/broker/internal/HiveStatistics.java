package io.fleetline.broker.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.fleetline.broker.BrokerStatistics;

/**
 * {@link BrokerStatistics} read from HiveMQ's own metric registry (its names are HiveMQ CE 2025.5's
 * {@code HiveMQMetrics}): nothing is counted twice on the message path, the values are read only when asked. A metric
 * HiveMQ has not registered (yet) reads 0.
 */
final class HiveStatistics implements BrokerStatistics {
    private final MetricRegistry metrics;

    HiveStatistics(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public long connections() {
        return read("com.hivemq.networking.connections.current");
    }

    @Override
    public long sessions() {
        return read("com.hivemq.sessions.overall.current");
    }

    @Override
    public long subscriptions() {
        return read("com.hivemq.subscriptions.overall.current");
    }

    @Override
    public long publishesReceived() {
        return read("com.hivemq.messages.incoming.publish.count");
    }

    @Override
    public long publishesSent() {
        return read("com.hivemq.messages.outgoing.publish.count");
    }

    @Override
    public long messagesDropped() {
        return read("com.hivemq.messages.dropped.count");
    }

    @Override
    public long bytesRead() {
        return read("com.hivemq.networking.bytes.read.total");
    }

    @Override
    public long bytesWritten() {
        return read("com.hivemq.networking.bytes.write.total");
    }

    private long read(String name) {
        Metric metric = metrics.getMetrics().get(name);
        return switch (metric) {
            case Counter counter -> counter.getCount();
            case Gauge<?> gauge when gauge.getValue() instanceof Number number -> number.longValue();
            case null, default -> 0;
        };
    }
}
