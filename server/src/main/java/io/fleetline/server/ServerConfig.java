package io.fleetline.server;

import io.fleetline.api.http.HttpLimits;
import io.fleetline.core.arn.AccountScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server is started with, read once at start-up.
 *
 * @param dataDir           where the embedded database, credentials and endpoint.json live
 * @param bindHost          the address listeners bind to
 * @param httpPort          the API port; 0 picks a free one
 * @param dbUrl             a JDBC URL; empty means SQLite in the data dir
 * @param scope             region and account of every ARN
 * @param publicHost        the host name clients are told to use (DescribeEndpoint, endpoint.json)
 * @param auth              SigV4 (the default), permissive (test double) or none (--insecure-no-auth)
 * @param typeDeletionDelay how long a thing type must be deprecated before deletion (AWS: 5 minutes)
 * @param mqttPort          the MQTT mutual-TLS port (0 picks one); empty runs no broker
 * @param mqttPlainPort     an unauthenticated plain MQTT port for local development, off when empty
 * @param mqttWebSocketPort MQTT over WebSocket over mutual TLS at {@code /mqtt}; empty runs none
 * @param deviceHttpsPort   the HTTPS port where devices call the data planes with their certificates (AWS: 8443);
 *                          empty runs none
 * @param jobsTickInterval  how often the rollout engine looks at the jobs (releases, timeouts, schedules); zero runs
 *                          no engine thread (tests tick it themselves)
 * @param jobRetention      how long a job is kept after it ended (AWS: 90 days); zero keeps jobs for good
 * @param http              what an HTTP client may send, and how slowly (body size, budget, timeouts)
 */
public record ServerConfig(Path dataDir, String bindHost, int httpPort, Optional<String> dbUrl, AccountScope scope,
                           String publicHost, AuthMode auth, Duration typeDeletionDelay,
                           Optional<Integer> mqttPort, Optional<Integer> mqttPlainPort,
                           Optional<Integer> mqttWebSocketPort, Optional<Integer> deviceHttpsPort,
                           Duration jobsTickInterval, Duration jobRetention, HttpLimits http) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_TYPE_DELETION_DELAY = Duration.ofMinutes(5);
    public static final int DEFAULT_MQTT_PORT = 8883;
    public static final int DEFAULT_DEVICE_HTTPS_PORT = 8443;
    /** AWS serves MQTT over WebSocket on 443; Fleetline picks the port MQTT brokers commonly use for it. */
    public static final int DEFAULT_MQTT_WEBSOCKET_PORT = 8884;
    public static final Duration DEFAULT_JOBS_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_JOB_RETENTION = io.fleetline.jobs.rollout.JobRetention.AWS_PERIOD;

    public ServerConfig {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0 to 65535: " + httpPort);
        }
        mqttPort.ifPresent(p -> requirePort(p, "--mqtt-port"));
        mqttPlainPort.ifPresent(p -> requirePort(p, "--mqtt-plain-port"));
        deviceHttpsPort.ifPresent(p -> requirePort(p, "--device-https-port"));
        mqttWebSocketPort.ifPresent(p -> requirePort(p, "--mqtt-ws-port"));
        if (jobsTickInterval.isNegative()) {
            throw new IllegalArgumentException("the jobs tick interval cannot be negative");
        }
        if (jobRetention.isNegative()) {
            throw new IllegalArgumentException("the job retention period cannot be negative");
        }
        if (typeDeletionDelay.isNegative()) {
            throw new IllegalArgumentException("the thing type deletion delay cannot be negative");
        }
    }

    private static void requirePort(int port, String flag) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be 0 to 65535: " + port);
        }
    }

    /** The defaults of {@code ./fleetline serve} for a data directory. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "127.0.0.1", DEFAULT_HTTP_PORT, Optional.empty(),
                new AccountScope("us-east-1", "000000000000"), "127.0.0.1", AuthMode.SIGV4, DEFAULT_TYPE_DELETION_DELAY,
                Optional.of(DEFAULT_MQTT_PORT), Optional.empty(), Optional.of(DEFAULT_MQTT_WEBSOCKET_PORT),
                Optional.of(DEFAULT_DEVICE_HTTPS_PORT), DEFAULT_JOBS_TICK, DEFAULT_JOB_RETENTION,
                HttpLimits.defaults());
    }

    public String jdbcUrl() {
        return dbUrl.orElseGet(() -> "jdbc:sqlite:" + dataDir.resolve("fleetline.db").toAbsolutePath());
    }

    public ServerConfig withHttpPort(int port) {
        return new ServerConfig(dataDir, bindHost, port, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    public ServerConfig withDbUrl(String url) {
        return new ServerConfig(dataDir, bindHost, httpPort, Optional.of(url), scope, publicHost, auth,
                typeDeletionDelay, mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval,
                jobRetention, http);
    }

    public ServerConfig withAuth(boolean enabled) {
        return withAuth(enabled ? AuthMode.SIGV4 : AuthMode.NONE);
    }

    public ServerConfig withAuth(AuthMode mode) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, mode, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    /** Whether requests must be signed at all (everything but --insecure-no-auth). */
    public boolean authEnabled() {
        return auth != AuthMode.NONE;
    }

    public ServerConfig withScope(AccountScope newScope) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, newScope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    public ServerConfig withTypeDeletionDelay(Duration delay) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, delay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    /** @param port the MQTT TLS port (0 picks one), or empty for no broker */
    public ServerConfig withMqtt(Optional<Integer> port, Optional<Integer> plainPort) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                port, plainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    /** @param port the MQTT-over-WebSocket port (0 picks one), or empty for none */
    public ServerConfig withMqttWebSocket(Optional<Integer> port) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, port, deviceHttpsPort, jobsTickInterval, jobRetention, http);
    }

    /** @param port the HTTPS device port (0 picks one), or empty for none */
    public ServerConfig withDeviceHttps(Optional<Integer> port) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, port, jobsTickInterval, jobRetention, http);
    }

    /** @param interval how often the rollout engine ticks; zero for none (a test ticks it) */
    public ServerConfig withJobsTick(Duration interval) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, interval, jobRetention, http);
    }

    /** @param retention how long a job is kept after it ended; zero keeps jobs for good */
    public ServerConfig withJobRetention(Duration retention) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, retention, http);
    }

    public ServerConfig withHttpLimits(HttpLimits limits) {
        return new ServerConfig(dataDir, bindHost, httpPort, dbUrl, scope, publicHost, auth, typeDeletionDelay,
                mqttPort, mqttPlainPort, mqttWebSocketPort, deviceHttpsPort, jobsTickInterval, jobRetention, limits);
    }
}
