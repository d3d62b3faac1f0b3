package io.fleetline.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything the server is started with, read once at start-up: one settings record per concern, each owning its
 * defaults and bounds. A concern's settings change with its {@code with…} method, e.g.
 * {@code config.withMqtt(m -> m.withPort(0))}.
 *
 * @param storage  the data directory and the database
 * @param network  the addresses listeners bind to and clients are told
 * @param account  the account and region served, and how callers authenticate
 * @param http     the API and device HTTPS listeners and their limits
 * @param mqtt     the broker's listeners
 * @param registry the registry's delays
 * @param jobs     the rollout engine's tick and the jobs' retention
 * @param blobs    where the object store keeps its bytes: embedded, or an external S3-compatible store
 * @param metrics  the Prometheus scrape endpoint ({@code GET /metrics}) and who may scrape it
 */
public record ServerConfig(StorageSettings storage, NetworkSettings network, AccountSettings account,
                           HttpSettings http, MqttSettings mqtt, RegistrySettings registry, JobsSettings jobs,
                           BlobsSettings blobs, MetricsSettings metrics) {

    public ServerConfig {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** The defaults of {@code ./fleetline serve} for a data directory. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(StorageSettings.defaults(dataDir), NetworkSettings.defaults(),
                AccountSettings.defaults(), HttpSettings.defaults(), MqttSettings.defaults(), RegistrySettings.defaults(),
                JobsSettings.defaults(), BlobsSettings.defaults(), MetricsSettings.defaults());
    }

    public ServerConfig withStorage(UnaryOperator<StorageSettings> change) {
        return new ServerConfig(change.apply(storage), network, account, http, mqtt, registry, jobs, blobs, metrics);
    }

    public ServerConfig withNetwork(UnaryOperator<NetworkSettings> change) {
        return new ServerConfig(storage, change.apply(network), account, http, mqtt, registry, jobs, blobs, metrics);
    }

    public ServerConfig withAccount(UnaryOperator<AccountSettings> change) {
        return new ServerConfig(storage, network, change.apply(account), http, mqtt, registry, jobs, blobs, metrics);
    }

    public ServerConfig withHttp(UnaryOperator<HttpSettings> change) {
        return new ServerConfig(storage, network, account, change.apply(http), mqtt, registry, jobs, blobs, metrics);
    }

    public ServerConfig withMqtt(UnaryOperator<MqttSettings> change) {
        return new ServerConfig(storage, network, account, http, change.apply(mqtt), registry, jobs, blobs, metrics);
    }

    public ServerConfig withRegistry(UnaryOperator<RegistrySettings> change) {
        return new ServerConfig(storage, network, account, http, mqtt, change.apply(registry), jobs, blobs, metrics);
    }

    public ServerConfig withJobs(UnaryOperator<JobsSettings> change) {
        return new ServerConfig(storage, network, account, http, mqtt, registry, change.apply(jobs), blobs, metrics);
    }

    public ServerConfig withMetrics(UnaryOperator<MetricsSettings> change) {
        return new ServerConfig(storage, network, account, http, mqtt, registry, jobs, blobs, change.apply(metrics));
    }

    public ServerConfig withBlobs(UnaryOperator<BlobsSettings> change) {
        return new ServerConfig(storage, network, account, http, mqtt, registry, jobs, change.apply(blobs), metrics);
    }
}
