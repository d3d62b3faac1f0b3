package io.fleetline.testkit;

import io.fleetline.server.FleetlineServer;
import io.fleetline.server.JobObjectStores;
import io.fleetline.server.config.MqttSettings;
import io.fleetline.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A Fleetline server in this JVM on a free loopback port, over a fresh database, stopped (and its
 * database dropped) by {@link #close()}.
 */
public final class TestServer implements AutoCloseable {
    private final FleetlineServer server;
    private final Store store;
    private final String dbUrl;
    /** A stand-in object store for the jobs; empty: each account's own. */
    private final java.util.Optional<JobObjectStores> objectStores;

    private TestServer(FleetlineServer server, Store store, String dbUrl,
                       java.util.Optional<JobObjectStores> objectStores) {
        this.server = server;
        this.store = store;
        this.dbUrl = dbUrl;
        this.objectStores = objectStores;
    }

    public static TestServer start(Store store, Path dir) {
        return start(store, dir, Clock.systemUTC(), c -> c);
    }

    /** @param configure adjusts the configuration before start (auth, delays, ...) */
    public static TestServer start(Store store, Path dir, Clock clock, UnaryOperator<ServerConfig> configure) {
        return start(store, dir, clock, configure, java.util.Optional.empty());
    }

    /**
     * @param objectStores the object store each account's jobs read documents from and presign downloads on, instead
     *                     of the account's own
     */
    public static TestServer start(Store store, Path dir, Clock clock, UnaryOperator<ServerConfig> configure,
                                   JobObjectStores objectStores) {
        return start(store, dir, clock, configure, java.util.Optional.of(objectStores));
    }

    private static TestServer start(Store store, Path dir, Clock clock, UnaryOperator<ServerConfig> configure,
                                    java.util.Optional<JobObjectStores> objectStores) {
        Path dataDir = dir.resolve("data");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = store.newUrl(dir);
        // no broker unless a test asks for one (withMqtt): it adds seconds to every start and stop; no jobs engine
        // thread either: a test ticks it (tickJobs), with the clock it chose
        ServerConfig config = configure.apply(ServerConfig.defaults(dataDir)
                .withStorage(s -> s.withDbUrl(url))
                .withHttp(h -> h.withPort(0).withoutDeviceHttps())
                .withMqtt(m -> MqttSettings.OFF)
                .withRegistry(r -> r.withTypeDeletionDelay(Duration.ofMinutes(5)))
                .withJobs(j -> j.withTick(Duration.ZERO)));
        FleetlineServer server = create(config, clock, objectStores);
        try {
            server.start();
        } catch (RuntimeException e) {
            store.drop(url);
            throw e;
        }
        return new TestServer(server, store, url, objectStores);
    }

    private static FleetlineServer create(ServerConfig config, Clock clock,
                                          java.util.Optional<JobObjectStores> objectStores) {
        return objectStores.map(stores -> FleetlineServer.create(config, clock, stores))
                .orElseGet(() -> FleetlineServer.create(config, clock));
    }

    public String endpoint() {
        return server.httpUrl();
    }

    /** The JDBC URL of the server's database (tests change what no API changes, such as the access keys). */
    public String databaseUrl() {
        return dbUrl;
    }

    public Path dataDir() {
        return server.dataDir();
    }

    public Path credentialsFile() {
        return server.dataDir().resolve("credentials");
    }

    public Path configFile() {
        return server.dataDir().resolve("config");
    }

    public String accessKeyId() {
        return server.adminKey().id();
    }

    public String secretKey() {
        return server.adminKey().secret();
    }

    /** The broker's mutual-TLS port; fails when the test started no broker. */
    public int mqttsPort() {
        return server.broker().orElseThrow(() -> new IllegalStateException("started without a broker")).tlsPort();
    }

    public java.util.Optional<Integer> mqttWebSocketPort() {
        return server.broker().flatMap(b -> b.webSocketPort());
    }

    public java.util.Optional<Integer> mqttPlainPort() {
        return server.broker().flatMap(b -> b.plainPort());
    }

    /** The HTTPS device port; fails when the test started none. */
    public int deviceHttpsPort() {
        return server.deviceHttpsUrl().map(url -> Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)))
                .orElseThrow(() -> new IllegalStateException("started without the device port"));
    }

    public Path caFile() {
        return server.dataDir().resolve("ca/ca.pem");
    }

    public String accountId() {
        return server.config().account().scope().accountId();
    }

    public String region() {
        return server.config().account().scope().region();
    }

    /** One tick of the jobs rollout engine: test servers run none on their own, tests move jobs along. */
    public void tickJobs() {
        server.tickJobs();
    }

    /**
     * Stops the server as SIGTERM would and starts it again on the same data dir and database (listeners on new
     * free ports): what a process restart keeps, this keeps. Use the returned server; this one is closed.
     */
    public TestServer restart() {
        server.close();
        FleetlineServer again = create(server.config(), server.clock(), objectStores);
        try {
            again.start();
        } catch (RuntimeException e) {
            store.drop(dbUrl);
            throw e;
        }
        return new TestServer(again, store, dbUrl, objectStores);
    }

    @Override
    public void close() {
        server.close();
        store.drop(dbUrl);
    }
}
