package io.fleetline.server;

import io.fleetline.api.http.HttpLimits;
import io.fleetline.server.config.AccountSettings;
import io.fleetline.s3store.ChecksumMode;
import io.fleetline.s3store.S3Credentials;
import io.fleetline.server.config.AuthMode;
import io.fleetline.server.config.BlobsSettings;
import io.fleetline.server.config.HttpSettings;
import io.fleetline.server.config.JobsSettings;
import io.fleetline.server.config.MetricsSettings;
import io.fleetline.server.config.MqttSettings;
import io.fleetline.server.config.NetworkSettings;
import io.fleetline.server.config.RegistrySettings;
import io.fleetline.server.config.ServerConfig;
import io.fleetline.server.config.StorageSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: every flag may also come from the environment ({@code FLEETLINE_HTTP_PORT} for {@code --http-port})
 * or from a properties file given with {@code --config} ({@code http-port=8080}); flags win over the environment,
 * the environment over the file, the file over the defaults, which the settings records own.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server until SIGTERM.")
final class ServeCommand implements Callable<Integer>, SettingsDefaults.FromRecords {
    /**
     * The text of a flag that leaves the value to the server: {@code --http-body-budget} to
     * {@link HttpLimits#defaultBudget()}, {@code --blob-path-style} to the store's endpoint.
     */
    private static final String AUTO = "auto";
    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})(|KiB|MiB|GiB)");
    private static final Map<String, String> FLAG_DEFAULTS = flagDefaults(
            ServerConfig.defaults(StorageSettings.DEFAULT_DATA_DIR));

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "A properties file of settings (keys are the flag names).")
    Path configFile;

    @Option(names = "--data-dir", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", description = "API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--public-host", description = "Host name clients are told to use (default: the bind address, or 127.0.0.1 when binding all).")
    String publicHost;

    @Option(names = "--db-url", description = "JDBC URL; jdbc:postgresql://... uses PostgreSQL (default: SQLite in the data dir).")
    String dbUrl;

    @Option(names = "--region", description = "Region of ARNs and credentials (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account-id", description = "Account id of ARNs (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--thing-type-deletion-delay",
            description = "How long a thing type stays deprecated before it can be deleted, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration typeDeletionDelay;

    @Option(names = "--mqtt-port",
            description = "MQTT over mutual TLS; 0 picks a free port, -1 runs no broker (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-plain-port",
            description = "Unauthenticated plain MQTT for local development; -1 is off (default), 0 picks a port.")
    int mqttPlainPort;

    @Option(names = "--mqtt-ws-port",
            description = "MQTT over WebSocket (wss://host:port/mqtt, client certificate); 0 picks a port, -1 is off (default: ${DEFAULT-VALUE}).")
    int mqttWebSocketPort;

    @Option(names = "--device-https-port",
            description = "HTTPS for devices with client certificates (data planes); 0 picks a port, -1 is off (default: ${DEFAULT-VALUE}).")
    int deviceHttpsPort;

    @Option(names = "--jobs-tick",
            description = "How often the OTA update worker carries on creating and deleting updates, and the rollout engine "
                    + "releases executions and checks timeouts and schedules, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration jobsTick;

    @Option(names = "--job-retention",
            description = "How long a completed or canceled job and its executions are kept, ISO-8601; PT0S keeps them for good (default: ${DEFAULT-VALUE}, as AWS).")
    Duration jobRetention;

    @Option(names = "--http-body-budget",
            description = "Bytes of request bodies held in memory at once by all HTTP clients together, e.g. 64MiB; past it "
                    + "requests get 503 ServiceUnavailableException (default: auto, an eighth of the heap).")
    String httpBodyBudget;

    @Option(names = "--http-body-timeout",
            description = "How long a request body may take to arrive, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration httpBodyTimeout;

    @Option(names = "--http-idle-timeout",
            description = "How long an HTTP connection may stay silent, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @Option(names = "--http-max-connections",
            description = "HTTP connections held open at once by the API and device HTTPS listeners together; past it "
                    + "they stop accepting until one closes (default: auto, a quarter of the files the process may "
                    + "open).")
    String httpMaxConnections;

    @Option(names = "--insecure-no-auth", description = "Accept unsigned requests. For local experiments only.")
    boolean insecureNoAuth;

    @Option(names = "--auth",
            description = "sigv4 (default): requests signed with the server's keys; permissive: any well-formed "
                    + "SigV4 signature, a 12-digit key id choosing the account (for test suites only).")
    String auth;

    // ---- the object store's bytes (BlobsSettings): embedded, or an external S3-compatible store

    @Option(names = "--blob-store",
            description = "Where object bytes live: embedded (in the data dir), s3://bucket/prefix (Fleetline's "
                    + "buckets under a prefix of one bucket of an external S3-compatible store) or s3 (each bucket "
                    + "one of the store's); with an external store Fleetline's own S3 API is off "
                    + "(default: ${DEFAULT-VALUE}).")
    String blobStore;

    @Option(names = "--blob-endpoint",
            description = "URL of the external store, e.g. http://minio:9000 (default: AWS S3 in --blob-region).")
    String blobEndpoint;

    @Option(names = "--blob-region",
            description = "Region requests to the external store are signed for (default: --region).")
    String blobRegion;

    @Option(names = "--blob-access-key-id",
            description = "Access key id for the external store; best given as FLEETLINE_BLOB_ACCESS_KEY_ID (default: "
                    + "the AWS SDK's default credentials chain).")
    String blobAccessKeyId;

    @Option(names = "--blob-secret-access-key",
            description = "Its secret; best given as FLEETLINE_BLOB_SECRET_ACCESS_KEY, which no process listing shows.")
    String blobSecretAccessKey;

    @Option(names = "--blob-path-style",
            description = "Path-style addressing of the external store: true, false or auto (path-style with "
                    + "--blob-endpoint, virtual-hosted on AWS) (default: ${DEFAULT-VALUE}).")
    String blobPathStyle;

    @Option(names = "--blob-checksums",
            description = "When flexible checksums are sent to the external store: when-required or when-supported "
                    + "(which s3proxy 2.6.0 refuses) (default: ${DEFAULT-VALUE}).")
    String blobChecksums;

    @Option(names = "--blob-min-free-bytes",
            description = "Space the embedded object store keeps free on its disk, e.g. 1GiB; past it uploads get "
                    + "503 ServiceUnavailable and nothing is stored, 1MiB to 1024GiB (default: ${DEFAULT-VALUE}).")
    String blobMinFreeBytes;

    // ---- GET /metrics (MetricsSettings)

    @Option(names = "--metrics",
            description = "The Prometheus scrape endpoint GET /metrics on the API port: on or off (default: ${DEFAULT-VALUE}).")
    String metrics;

    @Option(names = "--metrics-token-file",
            description = "A file holding a token that scrapes must send as 'Authorization: Bearer <token>' (default: "
                    + "none; keep the API port on a network only Prometheus and operators reach).")
    Path metricsTokenFile;

    @Option(names = "--ephemeral",
            description = "Keep all state in a throw-away directory under $TMPDIR, deleted when the server stops.")
    boolean ephemeral;

    @Override
    public Map<String, String> flagDefaults() {
        return FLAG_DEFAULTS;
    }

    /** The defaults as flags spell them: -1 for a listener that is off, ISO-8601 durations. */
    private static Map<String, String> flagDefaults(ServerConfig defaults) {
        HttpSettings http = defaults.http();
        return Map.ofEntries(
                Map.entry("data-dir", defaults.storage().dataDir().toString()),
                Map.entry("bind", defaults.network().bindHost()),
                Map.entry("region", defaults.account().scope().region()),
                Map.entry("account-id", defaults.account().scope().accountId()),
                Map.entry("auth", defaults.account().auth().name().toLowerCase(Locale.ROOT)),
                Map.entry("http-port", Integer.toString(http.port())),
                Map.entry("device-https-port", portText(http.deviceHttpsPort())),
                Map.entry("http-body-budget", AUTO),
                Map.entry("http-body-timeout", durationText(http.limits().bodyTimeout())),
                Map.entry("http-idle-timeout", durationText(http.limits().idleTimeout())),
                Map.entry("http-max-connections", AUTO),
                Map.entry("mqtt-port", portText(defaults.mqtt().port())),
                Map.entry("mqtt-plain-port", portText(defaults.mqtt().plainPort())),
                Map.entry("mqtt-ws-port", portText(defaults.mqtt().webSocketPort())),
                Map.entry("thing-type-deletion-delay", durationText(defaults.registry().typeDeletionDelay())),
                Map.entry("jobs-tick", durationText(defaults.jobs().tick())),
                Map.entry("job-retention", durationText(defaults.jobs().retention())),
                Map.entry("blob-store", BlobsSettings.EMBEDDED),
                Map.entry("blob-path-style", AUTO),
                Map.entry("blob-checksums", checksumsText(defaults.blobs().checksums())),
                Map.entry("blob-min-free-bytes", bytesText(defaults.blobs().minFreeBytes())),
                Map.entry("metrics", defaults.metrics().enabled() ? "on" : "off"));
    }

    private static String portText(Optional<Integer> port) {
        return Integer.toString(port.orElse(-1));
    }

    /** ISO-8601 as an operator writes it: {@code P90D} rather than {@link Duration#toString()}'s {@code PT2160H}. */
    private static String durationText(Duration duration) {
        boolean wholeDays = !duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0;
        return wholeDays ? "P" + duration.toDays() + "D" : duration.toString();
    }

    /** The settings these flags say; a value out of bounds is an {@link IllegalArgumentException} naming its flag. */
    ServerConfig config() {
        NetworkSettings network = NetworkSettings.bindingTo(bind);
        if (publicHost != null && !publicHost.isBlank()) {
            network = network.withPublicHost(publicHost);
        }
        AuthMode authMode = insecureNoAuth ? AuthMode.NONE : authMode(auth);
        HttpSettings http = new HttpSettings(httpPort, port(deviceHttpsPort), HttpLimits.defaults())
                .withBodyLimits(bodyBudget(), httpBodyTimeout, httpIdleTimeout);
        if (!AUTO.equals(httpMaxConnections)) {
            http = http.withMaxConnections(count("--http-max-connections", httpMaxConnections));
        }
        return new ServerConfig(
                new StorageSettings(dataDir, Optional.ofNullable(dbUrl).filter(s -> !s.isBlank())),
                network,
                new AccountSettings(AccountSettings.scope(region, accountId), authMode),
                http,
                new MqttSettings(port(mqttPort), port(mqttPlainPort), port(mqttWebSocketPort)),
                new RegistrySettings(typeDeletionDelay),
                new JobsSettings(jobsTick, jobRetention),
                blobs(),
                new MetricsSettings(onOff("--metrics", metrics), Optional.ofNullable(metricsTokenFile)));
    }

    private static boolean onOff(String flag, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(flag + " must be on or off: " + text);
        };
    }

    /** The object store's settings; each value is checked as it is read, so that a refusal names its flag. */
    private BlobsSettings blobs() {
        Optional<URI> endpoint = Optional.ofNullable(blobEndpoint).filter(s -> !s.isBlank()).map(url -> {
            try {
                return new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--blob-endpoint must be a URL: " + url);
            }
        });
        S3Credentials credentials = Optional.ofNullable(blobAccessKeyId).filter(s -> !s.isBlank())
                .map(id -> {
                    if (blobSecretAccessKey == null || blobSecretAccessKey.isBlank()) {
                        throw new IllegalArgumentException("--blob-access-key-id needs --blob-secret-access-key");
                    }
                    return S3Credentials.of(id.strip(), blobSecretAccessKey.strip());
                })
                .orElseGet(() -> {
                    if (blobSecretAccessKey != null && !blobSecretAccessKey.isBlank()) {
                        throw new IllegalArgumentException("--blob-secret-access-key needs --blob-access-key-id");
                    }
                    return S3Credentials.defaultChain();
                });
        return new BlobsSettings(BlobsSettings.store(blobStore), endpoint,
                Optional.ofNullable(blobRegion).filter(s -> !s.isBlank()).map(String::strip), credentials,
                pathStyle(blobPathStyle), checksums(blobChecksums),
                bytes("--blob-min-free-bytes", blobMinFreeBytes));
    }

    private static Optional<Boolean> pathStyle(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case AUTO -> Optional.empty();
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new IllegalArgumentException("--blob-path-style must be true, false or auto: " + text);
        };
    }

    private static ChecksumMode checksums(String text) {
        for (ChecksumMode mode : ChecksumMode.values()) {
            if (checksumsText(mode).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--blob-checksums must be when-required or when-supported: " + text);
    }

    private static String checksumsText(ChecksumMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A listener's port flag: -1 (any negative) is off. */
    private static Optional<Integer> port(int flag) {
        return Optional.of(flag).filter(p -> p >= 0);
    }

    private long bodyBudget() {
        return httpBodyBudget.equals(AUTO) ? HttpLimits.defaultBudget() : bytes("--http-body-budget", httpBodyBudget);
    }

    /** A whole number, refused (naming its flag) when it is not one or does not fit an int. */
    static int count(String flag, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number: " + text, e);
        }
    }

    /** A size in bytes, or with a binary unit: {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
    static long bytes(String flag, String text) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + " must be a number of bytes, or with KiB, MiB or GiB: " + text);
        }
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(flag + " is too large: " + text);
        }
    }

    /** A size as {@link #bytes} reads it, in the largest binary unit that divides it: {@code 64MiB}. */
    static String bytesText(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes > 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    private static AuthMode authMode(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sigv4" -> AuthMode.SIGV4;
            case "permissive" -> AuthMode.PERMISSIVE;
            default -> throw new IllegalArgumentException("--auth must be sigv4 or permissive: " + name);
        };
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        EphemeralDataDir throwAway = null;
        try {
            config = config();
            if (ephemeral) {
                throwAway = EphemeralDataDir.create();
                Path root = throwAway.root();
                config = config.withStorage(s -> s.withDataDir(root));
            }
        } catch (IllegalArgumentException e) {
            return fail(err, 2, "invalid setting: " + e.getMessage());
        } catch (StartupException e) {
            return fail(err, 1, "cannot start: " + e.getMessage());
        }
        long starting = System.nanoTime();
        FleetlineServer server = FleetlineServer.create(config);
        try {
            server.start();
        } catch (StartupException e) {
            deleteQuietly(throwAway);
            return fail(err, 1, "cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EphemeralDataDir ownDir = throwAway;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.closeForExit();
            deleteQuietly(ownDir);
            stopped.countDown();
        }, "fleetline-shutdown"));
        printListeners(server, ownDir != null, starting);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int fail(PrintWriter err, int exitCode, String reason) {
        err.println("fleetline: " + reason);
        err.flush();
        return exitCode;
    }

    private static void printListeners(FleetlineServer server, boolean ephemeral, long starting) {
        System.out.println("fleetline: http   " + server.httpUrl() + "  (AWS API; aws --endpoint-url " + server.httpUrl() + ")");
        System.out.println("console " + server.consoleUrl() + "  (sign in with the key in "
                + server.dataDir().resolve("credentials") + ")");
        server.mqttsUrl().ifPresent(url -> System.out.println("fleetline: mqtts  " + url
                + "  (devices: client certificate, CA " + server.dataDir().resolve("ca/ca.pem") + ")"));
        server.webSocketUrl().ifPresent(url -> System.out.println("fleetline: wss    " + url
                + "  (MQTT over WebSocket, client certificate)"));
        server.deviceHttpsUrl().ifPresent(url -> System.out.println("fleetline: https  " + url
                + "  (devices: client certificate; iot-data and iot-jobs-data)"));
        server.mqttPlainUrl().ifPresent(url -> System.out.println("fleetline: mqtt   " + url
                + "  (UNAUTHENTICATED, for local development only)"));
        server.metricsUrl().ifPresent(url -> System.out.println("fleetline: metrics " + url + "  (Prometheus; "
                + (server.config().metrics().tokenFile().isPresent() ? "bearer token from --metrics-token-file)"
                : "open to whoever reaches the API port)")));
        server.externalBlobs().ifPresent(store -> System.out.println("fleetline: blobs  " + store
                + "  (external object store; Fleetline's own S3 API is off)"));
        System.out.println("fleetline: credentials " + server.dataDir().resolve("credentials")
                + "  config " + server.dataDir().resolve("config"));
        if (ephemeral) {
            System.out.println("fleetline: ephemeral data dir " + server.dataDir() + " (deleted at exit)");
        }
        System.out.println("fleetline: ready in " + (System.nanoTime() - starting) / 1_000_000 + " ms; endpoints in "
                + server.dataDir().resolve(FleetlineServer.ENDPOINT_FILE));
        System.out.flush();
    }

    private static void deleteQuietly(EphemeralDataDir dir) {
        if (dir != null) {
            dir.delete();
        }
    }
}
