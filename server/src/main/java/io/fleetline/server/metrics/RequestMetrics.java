package io.fleetline.server.metrics;

import io.fleetline.api.http.RequestListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleetline_http_requests_seconds}: the API's requests by port, service, operation and status, with a latency
 * histogram. The buckets are fixed (a few from 5 ms to 10 s) rather than Micrometer's percentile histogram, whose ~70
 * buckets per series would multiply the operations by too much.
 */
final class RequestMetrics implements RequestListener {
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String port;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry, String port) {
        this.registry = registry;
        this.port = port;
    }

    private record Key(String service, String operation, int status) {
    }

    @Override
    public void served(String service, String operation, int status, long nanos) {
        timers.computeIfAbsent(new Key(service, operation, status), this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder("fleetline.http.requests")
                .description("Requests the AWS API answered, by operation and HTTP status")
                .tag("port", port).tag("service", Labels.word(key.service()))
                .tag("operation", Labels.word(key.operation())).tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
