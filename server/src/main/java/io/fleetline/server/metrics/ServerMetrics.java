package io.fleetline.server.metrics;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.fleetline.api.http.PlainRoute;
import io.fleetline.api.http.RequestListener;
import io.fleetline.api.http.StreamingRoute;
import io.fleetline.broker.MqttBroker;
import io.fleetline.jobs.Jobs;
import io.fleetline.security.policies.AuthorizationService;
import io.fleetline.storage.DatabaseMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server's meters and its scrape: a registry of its own (servers in one JVM, as in tests, never share counts), the
 * JVM's meters, and the listeners the server hands to each part it wires. {@link #close()} stops what holds on to the
 * JVM (the garbage collector's notifications).
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JobMetrics jobs;
    private final Map<String, Counter> denials = new ConcurrentHashMap<>();
    private final Timer scrapes;
    /** Held here: Micrometer reads the broker's function meters through weak references. */
    private final java.util.List<BrokerMetrics> brokers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.jobs = new JobMetrics(registry);
        this.scrapes = Timer.builder("fleetline.metrics.scrape")
                .description("Time the server took to write a scrape (this one's is in the next)").register(registry);
    }

    /** A registry with the JVM's meters bound; the server's parts are bound as it wires them. */
    public static ServerMetrics create() {
        return new ServerMetrics();
    }

    /** The requests of the dispatcher of one port ({@code api} or {@code device}), by operation and status. */
    public RequestListener requests(String port) {
        return new RequestMetrics(registry, port);
    }

    /**
     * A database's transactions, and with {@code pools} its connection pools (HikariCP's own meters, named by pool:
     * only the server's own database, whose pool names are unique in the process).
     */
    public DatabaseMonitor database(boolean pools) {
        return new DatabaseMonitor(new TransactionMetrics(registry),
                pools ? Optional.of(new MicrometerMetricsTrackerFactory(registry)) : Optional.empty());
    }

    /** The broker's connections, messages and bytes (read from it at each scrape), and its devices' disconnections. */
    public void watch(MqttBroker broker) {
        brokers.add(BrokerMetrics.bind(registry, broker));
    }

    /** An account's policy refusals and jobs: every account's add up to the same meters (no account label). */
    public void watchAccount(AuthorizationService authorization, Jobs accountJobs) {
        authorization.onDenial(action -> denials.computeIfAbsent(Labels.action(action), known ->
                Counter.builder("fleetline.authorization.denials")
                        .description("Actions a device's policies refused, by IoT action")
                        .tag("action", known).register(registry)).increment());
        accountJobs.listen(jobs);
    }

    /** {@code route} (the S3 API) with its requests timed by method and status, and the bytes in and out counted. */
    public StreamingRoute objectStore(StreamingRoute route) {
        return new ObjectStoreRoute(route, registry);
    }

    /** {@code GET /metrics}, open, or only to scrapes that show {@code token} as their bearer token. */
    public PlainRoute scrapeRoute(Optional<String> token) {
        return new ScrapeRoute(this::scrape, token);
    }

    /** Every meter in Prometheus's text format (0.0.4). */
    public String scrape() {
        long started = System.nanoTime();
        try {
            return registry.scrape();
        } finally {
            scrapes.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
