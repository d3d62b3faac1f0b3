package io.fleetline.server;

import io.fleetline.api.http.HttpLimits;
import io.fleetline.core.arn.AccountScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code fleetline} command line. */
@Command(name = "fleetline", mixinStandardHelpOptions = true, version = "Fleetline 0.1.0",
        description = "Self-hosted AWS IoT-compatible device management and OTA server.",
        subcommands = {Main.Serve.class, ResetCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and answers its exit code. */
    public static int run(String... args) {
        Properties file;
        try {
            file = SettingsDefaults.load(configFileArgument(args).or(() -> Optional.ofNullable(System.getenv("FLEETLINE_CONFIG"))));
        } catch (IOException e) {
            System.err.println("fleetline: cannot read the config file: " + e.getMessage());
            return 2;
        }
        return commandLine(System.getenv(), file).execute(args);
    }

    /** The command line with settings layered as documented: flags, then environment, then file, then defaults. */
    static CommandLine commandLine(Map<String, String> environment, Properties file) {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new SettingsDefaults(environment, file));
        return cli;
    }

    /** The --config file is needed before the other options are parsed, as it supplies their defaults. */
    private static Optional<String> configFileArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(args[i].substring("--config=".length()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * {@code serve}: every flag may also come from the environment ({@code FLEETLINE_HTTP_PORT} for
     * {@code --http-port}) or from a properties file given with {@code --config} ({@code http-port=8080});
     * flags win over the environment, the environment over the file.
     */
    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server until SIGTERM.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "A properties file of settings (keys are the flag names).")
        Path configFile;

        @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--http-port", defaultValue = "8080", description = "API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int httpPort;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--public-host", description = "Host name clients are told to use (default: the bind address, or 127.0.0.1 when binding all).")
        String publicHost;

        @Option(names = "--db-url", description = "JDBC URL; jdbc:postgresql://... uses PostgreSQL (default: SQLite in the data dir).")
        String dbUrl;

        @Option(names = "--region", defaultValue = "us-east-1", description = "Region of ARNs and credentials (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--account-id", defaultValue = "000000000000", description = "Account id of ARNs (default: ${DEFAULT-VALUE}).")
        String accountId;

        @Option(names = "--thing-type-deletion-delay", defaultValue = "PT5M",
                description = "How long a thing type stays deprecated before it can be deleted, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration typeDeletionDelay;

        @Option(names = "--mqtt-port", defaultValue = "8883",
                description = "MQTT over mutual TLS; 0 picks a free port, -1 runs no broker (default: ${DEFAULT-VALUE}).")
        int mqttPort;

        @Option(names = "--mqtt-plain-port", defaultValue = "-1",
                description = "Unauthenticated plain MQTT for local development; -1 is off (default), 0 picks a port.")
        int mqttPlainPort;

        @Option(names = "--mqtt-ws-port", defaultValue = "8884",
                description = "MQTT over WebSocket (wss://host:port/mqtt, client certificate); 0 picks a port, -1 is off (default: ${DEFAULT-VALUE}).")
        int mqttWebSocketPort;

        @Option(names = "--device-https-port", defaultValue = "8443",
                description = "HTTPS for devices with client certificates (data planes); 0 picks a port, -1 is off (default: ${DEFAULT-VALUE}).")
        int deviceHttpsPort;

        @Option(names = "--jobs-tick", defaultValue = "PT1S",
                description = "How often the rollout engine releases executions and checks timeouts and schedules, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration jobsTick;

        @Option(names = "--job-retention", defaultValue = "P90D",
                description = "How long a completed or canceled job and its executions are kept, ISO-8601; PT0S keeps them for good (default: ${DEFAULT-VALUE}, as AWS).")
        Duration jobRetention;

        @Option(names = "--http-body-budget", defaultValue = "auto",
                description = "Bytes of request bodies held in memory at once by all HTTP clients together, e.g. 64MiB; past it "
                        + "requests get 503 ServiceUnavailableException (default: auto, an eighth of the heap).")
        String httpBodyBudget;

        @Option(names = "--http-body-timeout", defaultValue = "PT30S",
                description = "How long a request body may take to arrive, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration httpBodyTimeout;

        @Option(names = "--http-idle-timeout", defaultValue = "PT30S",
                description = "How long an HTTP connection may stay silent, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration httpIdleTimeout;

        @Option(names = "--insecure-no-auth", description = "Accept unsigned requests. For local experiments only.")
        boolean insecureNoAuth;

        @Option(names = "--auth", defaultValue = "sigv4",
                description = "sigv4 (default): requests signed with the server's keys; permissive: any well-formed "
                        + "SigV4 signature, a 12-digit key id choosing the account (for test suites only).")
        String auth;

        @Option(names = "--ephemeral",
                description = "Keep all state in a throw-away directory under $TMPDIR, deleted when the server stops.")
        boolean ephemeral;

        private HttpLimits httpLimits() {
            HttpLimits defaults = HttpLimits.defaults();
            long budget = httpBodyBudget.equals("auto") ? defaults.bodyBudgetBytes() : bytes("--http-body-budget",
                    httpBodyBudget);
            return defaults.withBodyBudget(budget).withBodyTimeout(httpBodyTimeout).withIdleTimeout(httpIdleTimeout);
        }

        /** A size in bytes, or with a binary unit: {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
        static long bytes(String flag, String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})(|KiB|MiB|GiB)").matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(flag + " must be a number of bytes, or with KiB, MiB or GiB: " + text);
            }
            int shift = switch (m.group(2)) {
                case "KiB" -> 10;
                case "MiB" -> 20;
                case "GiB" -> 30;
                default -> 0;
            };
            return Long.parseLong(m.group(1)) << shift;
        }

        @Override
        public Integer call() {
            ServerConfig config;
            EphemeralDataDir throwAway = null;
            try {
                AuthMode authMode = insecureNoAuth ? AuthMode.NONE : authMode(auth);
                if (ephemeral) {
                    throwAway = EphemeralDataDir.create();
                    dataDir = throwAway.root();
                }
                config = new ServerConfig(dataDir, bind, httpPort, Optional.ofNullable(dbUrl).filter(s -> !s.isBlank()),
                        new AccountScope(region, accountId), publicHost(), authMode, typeDeletionDelay,
                        Optional.of(mqttPort).filter(p -> p >= 0), Optional.of(mqttPlainPort).filter(p -> p >= 0),
                        Optional.of(mqttWebSocketPort).filter(p -> p >= 0), Optional.of(deviceHttpsPort).filter(p -> p >= 0),
                        jobsTick, jobRetention, httpLimits());
            } catch (IllegalArgumentException e) {
                deleteQuietly(throwAway);
                System.err.println("fleetline: invalid setting: " + e.getMessage());
                return 2;
            } catch (StartupException e) {
                System.err.println("fleetline: cannot start: " + e.getMessage());
                return 1;
            }
            long starting = System.nanoTime();
            FleetlineServer server = FleetlineServer.create(config);
            try {
                server.start();
            } catch (StartupException e) {
                deleteQuietly(throwAway);
                System.err.println("fleetline: cannot start: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            EphemeralDataDir ownDir = throwAway;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.closeForExit();
                deleteQuietly(ownDir);
                stopped.countDown();
            }, "fleetline-shutdown"));
            System.out.println("fleetline: http   " + server.httpUrl() + "  (AWS API; aws --endpoint-url " + server.httpUrl() + ")");
            server.mqttsUrl().ifPresent(url -> System.out.println("fleetline: mqtts  " + url
                    + "  (devices: client certificate, CA " + server.dataDir().resolve("ca/ca.pem") + ")"));
            server.webSocketUrl().ifPresent(url -> System.out.println("fleetline: wss    " + url
                    + "  (MQTT over WebSocket, client certificate)"));
            server.deviceHttpsUrl().ifPresent(url -> System.out.println("fleetline: https  " + url
                    + "  (devices: client certificate; iot-data and iot-jobs-data)"));
            server.mqttPlainUrl().ifPresent(url -> System.out.println("fleetline: mqtt   " + url
                    + "  (UNAUTHENTICATED, for local development only)"));
            System.out.println("fleetline: credentials " + server.dataDir().resolve("credentials")
                    + "  config " + server.dataDir().resolve("config"));
            if (ownDir != null) {
                System.out.println("fleetline: ephemeral data dir " + server.dataDir() + " (deleted at exit)");
            }
            System.out.println("fleetline: ready in " + (System.nanoTime() - starting) / 1_000_000 + " ms; endpoints in "
                    + server.dataDir().resolve(FleetlineServer.ENDPOINT_FILE));
            System.out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        private static AuthMode authMode(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "sigv4" -> AuthMode.SIGV4;
                case "permissive" -> AuthMode.PERMISSIVE;
                default -> throw new IllegalArgumentException("--auth must be sigv4 or permissive: " + name);
            };
        }

        private static void deleteQuietly(EphemeralDataDir dir) {
            if (dir != null) {
                dir.delete();
            }
        }

        private String publicHost() {
            if (publicHost != null && !publicHost.isBlank()) {
                return publicHost;
            }
            return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        }
    }

    /** Settings from the environment, then from the --config file, before the flag defaults apply. */
    static final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
        private final Map<String, String> environment;
        private final Properties file;

        SettingsDefaults(Map<String, String> environment, Properties file) {
            this.environment = Map.copyOf(environment);
            this.file = file;
        }

        static Properties load(Optional<String> path) throws IOException {
            Properties properties = new Properties();
            if (path.isPresent()) {
                try (InputStream in = Files.newInputStream(Path.of(path.get()))) {
                    properties.load(in);
                }
            }
            return properties;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            String key = option.longestName().replaceFirst("^--", "");
            String env = environment.get("FLEETLINE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (env != null && !env.isEmpty()) {
                return env;
            }
            String fromFile = file.getProperty(key);
            return fromFile != null ? fromFile : option.defaultValue();
        }
    }
}
