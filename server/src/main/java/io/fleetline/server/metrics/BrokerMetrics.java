package io.fleetline.server.metrics;

import io.fleetline.broker.BrokerStatistics;
import io.fleetline.broker.MqttBroker;
import io.fleetline.core.bus.Presence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The broker's meters. Connections, sessions, messages and bytes are HiveMQ's own counts, read at each scrape
 * ({@link BrokerStatistics}): nothing is added to the message path. Connects and disconnects (by AWS's
 * {@code disconnectReason}) are counted from the lifecycle events the broker tells in process.
 */
final class BrokerMetrics {
    private final MeterRegistry registry;
    /** Held here: Micrometer keeps only a weak reference to what its function meters read. */
    private final BrokerStatistics statistics;
    private final Counter connects;
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();

    private BrokerMetrics(MeterRegistry registry, BrokerStatistics statistics) {
        this.registry = registry;
        this.statistics = statistics;
        this.connects = Counter.builder("fleetline.mqtt.connects")
                .description("Device connections the broker accepted").register(registry);
    }

    /** Binds the broker's meters; the answer must be kept as long as they are scraped. */
    static BrokerMetrics bind(MeterRegistry registry, MqttBroker broker) {
        BrokerMetrics metrics = new BrokerMetrics(registry, broker.statistics());
        metrics.gauge("fleetline.mqtt.connections", "MQTT connections open now", BrokerStatistics::connections);
        metrics.gauge("fleetline.mqtt.sessions", "MQTT sessions held, connected or persistent",
                BrokerStatistics::sessions);
        metrics.gauge("fleetline.mqtt.subscriptions", "MQTT subscriptions held", BrokerStatistics::subscriptions);
        metrics.counter("fleetline.mqtt.messages", "in", "PUBLISH packets received from and sent to clients",
                BrokerStatistics::publishesReceived);
        metrics.counter("fleetline.mqtt.messages", "out", "PUBLISH packets received from and sent to clients",
                BrokerStatistics::publishesSent);
        metrics.counter("fleetline.mqtt.bytes", "in", "Bytes read from and written to MQTT connections",
                BrokerStatistics::bytesRead);
        metrics.counter("fleetline.mqtt.bytes", "out", "Bytes read from and written to MQTT connections",
                BrokerStatistics::bytesWritten);
        FunctionCounter.builder("fleetline.mqtt.messages.dropped", metrics.statistics,
                        s -> s.messagesDropped())
                .description("Messages the broker dropped (full queues, clients that cannot keep up)")
                .register(registry);
        broker.onEveryPresence(metrics::presence);
        return metrics;
    }

    private void gauge(String name, String description, ToDoubleFunction<BrokerStatistics> value) {
        Gauge.builder(name, statistics, value).description(description).strongReference(true).register(registry);
    }

    private void counter(String name, String direction, String description,
                         ToDoubleFunction<BrokerStatistics> value) {
        FunctionCounter.builder(name, statistics, value).description(description).tag("direction", direction)
                .register(registry);
    }

    private void presence(Presence presence) {
        if (presence.connected()) {
            connects.increment();
            return;
        }
        disconnects.computeIfAbsent(Labels.word(presence.disconnectReason()), reason ->
                Counter.builder("fleetline.mqtt.disconnects")
                        .description("Device disconnections, by AWS's disconnectReason")
                        .tag("reason", reason).register(registry)).increment();
    }
}
