package io.fleetline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.DeviceAuthenticator;
import io.fleetline.api.auth.S3Authenticator;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.http.ApiDispatcher;
import io.fleetline.api.http.HttpApiServer;
import io.fleetline.api.http.StreamingRoutes;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.api.s3.PresignedUrls;
import io.fleetline.api.s3.S3Endpoint;
import io.fleetline.api.s3.S3Router;
import io.fleetline.api.s3.S3StreamingRoute;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.console.Console;
import io.fleetline.console.ConsoleServices;
import io.fleetline.console.ConsoleSettings;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import io.fleetline.core.state.StateGate;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.RetainedMessageStore;
import io.fleetline.jobs.Jobs;
import io.fleetline.s3store.ExternalStore;
import io.fleetline.s3store.ExternalStoreOptions;
import io.fleetline.broker.BrokerSettings;
import io.fleetline.broker.DeviceAccount;
import io.fleetline.broker.MqttBroker;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.cert.CertificateOwners;
import io.fleetline.security.tls.DeviceTls;
import io.fleetline.security.tls.RegisteredCertificateTrustManager;
import io.fleetline.server.config.AuthMode;
import io.fleetline.server.config.MqttSettings;
import io.fleetline.server.config.ServerConfig;
import io.fleetline.server.metrics.ServerMetrics;
import io.fleetline.storage.Database;
import io.fleetline.storage.DatabaseMonitor;
import io.fleetline.storage.StorageException;
import io.fleetline.storage.auth.JdbcAccessKeyStore;
import io.fleetline.storage.auth.JdbcServedAccounts;
import io.fleetline.storage.bus.JdbcRetainedMessageStore;
import io.fleetline.storage.security.JdbcCertificateClaims;
import java.io.IOException;
import java.net.URI;
import io.fleetline.core.bus.Presence;
import io.fleetline.search.indexing.IndexPlace;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Fleetline server: storage, the domain services and the listeners, wired by hand. {@link #start()}
 * returns once every listener accepts connections and {@code endpoint.json} says where they are.
 */
public final class FleetlineServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetlineServer.class);
    /** Any device may present a chain that fails to register, as often as it likes. */
    private static final LimitedLog REGISTRATION_FAILED = new LimitedLog(LOG);
    static final String ENDPOINT_FILE = "endpoint.json";
    /** Fleetline's own operator action: wipe all state (test suites call it between tests). */
    public static final String RESET_PATH = "/_fleetline/reset";
    private static final String RESET_ACTION = "POST " + RESET_PATH;

    private final ServerConfig config;
    private final Clock clock;
    /** A stand-in object store for the accounts' jobs (tests); empty: each account's own. */
    private final Optional<JobObjectStores> objectStores;
    private final DataDirectory dataDir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile HttpApiServer http;
    /** The web console of the home account, on the API port. */
    private Console console;
    private AccessKey adminKey;
    private Optional<MqttBroker> broker = Optional.empty();
    private Database database;
    private volatile Accounts accounts;
    private Optional<ServedDeviceAccounts> brokerAccounts = Optional.empty();
    private final StateGate gate = new StateGate();
    /** Accounts known to be in the served_account record, so opening one writes it there only once. */
    private final java.util.Set<AccountScope> recordedAccounts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Just-in-time registrations, off the TLS handshakes that ask for them. */
    private final java.util.concurrent.ExecutorService registrations =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean exiting;
    /** --blob-store s3://...: the external object store every account uses; empty: the embedded store. */
    private Optional<ExternalStore> externalBlobs = Optional.empty();
    /** GET /metrics and the meters behind it; empty with --metrics off. */
    private Optional<ServerMetrics> metrics = Optional.empty();

    private FleetlineServer(ServerConfig config, Clock clock, Optional<JobObjectStores> objectStores) {
        this.config = config;
        this.clock = clock;
        this.objectStores = objectStores;
        this.dataDir = new DataDirectory(config.storage().dataDir());
    }

    public static FleetlineServer create(ServerConfig config) {
        return new FleetlineServer(config, Clock.systemUTC(), Optional.empty());
    }

    /** A server whose time is {@code clock}: tests drive deprecation delays and schedules with it. */
    public static FleetlineServer create(ServerConfig config, Clock clock) {
        return new FleetlineServer(config, clock, Optional.empty());
    }

    /**
     * A server whose accounts' jobs use the object stores {@code objectStores} opens instead of their own (the S3 API
     * still serves each account's own store).
     */
    public static FleetlineServer create(ServerConfig config, Clock clock, JobObjectStores objectStores) {
        return new FleetlineServer(config, clock, Optional.of(objectStores));
    }

    public synchronized FleetlineServer start() {
        try {
            dataDir.prepare();
            resources.add(registrations::shutdownNow);  // closed last: the listeners that feed it stop first
            metrics = config.metrics().enabled() ? Optional.of(ServerMetrics.create()) : Optional.empty();
            metrics.ifPresent(resources::add);
            Optional<String> scrapeToken = config.metrics().tokenFile().map(MetricsToken::read);
            externalBlobs = openExternalBlobs();
            boolean freshAuthority = !java.nio.file.Files.exists(dataDir.root().resolve(AuthorityFiles.CA_CERT))
                    || !java.nio.file.Files.exists(dataDir.root().resolve(AuthorityFiles.SERVER_CERT));
            CertificateAuthority.makeKeyPairsAhead((freshAuthority ? 2 : 0)
                    + (config.mqtt().port().isPresent() ? 1 : 0));
            database = openDatabase(() -> Database.open(config.storage().jdbcUrl(), databaseMonitor(true)));
            resources.add(database);
            JdbcAccessKeyStore keys = new JdbcAccessKeyStore(database);
            adminKey = CredentialsBootstrap.ensureAdminKey(keys, clock);
            CredentialsBootstrap.writeFiles(dataDir, adminKey, config.account().scope().region());

            CertificateAuthority ca = AuthorityFiles.loadOrCreate(dataDir, clock.instant());
            AuthorityFiles.ensureServerCertificate(dataDir, ca, certificateHostNames(), clock.instant());
            List<ServiceModel> models = List.of(ServiceModel.load("iot"), ServiceModel.load("iot-jobs-data"),
                    ServiceModel.load("iot-data"), ServiceModel.load("fleetline"), ServiceModel.load("acm"),
                    ServiceModel.load("signer"));
            // devices on the device port get the data planes only
            List<ServiceModel> deviceModels = List.of(models.get(1), models.get(2));
            boolean permissive = config.account().auth() == AuthMode.PERMISSIVE;
            // accounts keep their certificates in databases of their own: which one owns each is kept in the server's
            CertificateOwners owners = permissive
                    ? CertificateOwners.claimedIn(new JdbcCertificateClaims(database), this::transfersIn)
                    : CertificateOwners.SOLE;
            ServiceModel s3 = ServiceModel.load("s3");
            AccountObjects objects = externalBlobs.map(store -> AccountObjects.external(store, clock))
                    .orElseGet(() -> AccountObjects.embedded(this::contentDir,
                            config.blobs().minFreeBytes(), this::deviceUrls, s3, clock));
            AccountStack.Shared shared = new AccountStack.Shared(models, ca, clock, config.registry(), config.jobs(),
                    this::endpointAddresses, gate, this::transfersIn, owners,
                    objectStores.map(objects::withJobStores).orElse(objects), this::ownEndpoint,
                    SigningKeyFile.loadOrCreate(dataDir), this::indexPlace, this::onPresence);
            AccountStack home = AccountStack.open(config.account().scope(), database, shared,
                    security -> startBroker(security, new JdbcRetainedMessageStore(database)));
            watchAccount(home);
            accounts = new Accounts(home, permissive, owners, scope -> openAccount(scope, shared));
            resources.add(accounts);
            if (permissive) {
                openServedAccounts();
            }
            brokerAccounts.ifPresent(b -> b.serve(accounts));
            Authenticator authenticator = authenticator(keys);
            ApiDispatcher dispatcher = new ApiDispatcher(new Router(models), accounts, authenticator,
                    new ObjectMapper(), gate, Map.of(RESET_ACTION, this::reset), requestListener("api"));
            Optional<HttpApiServer.DevicePort> devicePort = config.http().deviceHttpsPort().map(port ->
                    new HttpApiServer.DevicePort(port, DeviceTls.context(read(AuthorityFiles.SERVER_CERT),
                            read(AuthorityFiles.SERVER_KEY), new RegisteredCertificateTrustManager(
                                    presented -> accounts.holding(presented).isPresent(), this::registerLater)),
                            new ApiDispatcher(new Router(deviceModels), accounts,
                                    new DeviceAuthenticator(accounts::device), new ObjectMapper(), gate, Map.of(),
                                    requestListener("device"))));
            Optional<HttpApiServer.WebSocketRoute> webSocket = broker.map(b -> new HttpApiServer.WebSocketRoute(
                    authenticator, caller -> b.openOperatorConnection(accounts.stackFor(caller).scope()),
                    config.account().auth() == AuthMode.PERMISSIVE));
            console = Console.create(new ConsoleServices(home.registry(), home.security(), home.jobs(),
                    home.otaUpdates(), home.indexing(), home.shadows(), keys, gate, clock), ConsoleSettings.defaults());
            onPresence(config.account().scope(), console.presence());
            http = new HttpApiServer(config.network().bindHost(), config.http().port(), dispatcher, devicePort,
                    webSocket, config.http().limits(), s3Api(s3, authenticator),
                    metrics.map(m -> List.of(m.scrapeRoute(scrapeToken))).orElse(List.of()));
            http.mount(Console.PATH, console.handler());
            resources.add(http);
            // closed before the listener: its open live streams end, so the listener stops without waiting for them
            resources.add(console);
            startListener();
            writeEndpointFile();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    // ---- metrics (GET /metrics): each part is handed its listener as it is wired ----

    private DatabaseMonitor databaseMonitor(boolean pools) {
        return metrics.map(m -> m.database(pools)).orElse(DatabaseMonitor.NONE);
    }

    private io.fleetline.api.http.RequestListener requestListener(String port) {
        return metrics.map(m -> m.requests(port)).orElse(io.fleetline.api.http.RequestListener.NONE);
    }

    private void watchAccount(AccountStack stack) {
        metrics.ifPresent(m -> m.watchAccount(stack.security().authorization(), stack.jobs()));
    }

    private io.fleetline.api.http.StreamingRoute metered(io.fleetline.api.http.StreamingRoute route) {
        return metrics.map(m -> m.objectStore(route)).orElse(route);
    }

    // ---- end of metrics ----

    // ---- the external object store (--blob-store s3://bucket/prefix | s3): s3store's ExternalStore ----

    /**
     * Opens the external object store and asks it whether it can be used as configured, before anything listens: a
     * missing bucket or a refused key stops the start with the store's answer. Empty with the embedded store.
     */
    private Optional<ExternalStore> openExternalBlobs() {
        Optional<ExternalStoreOptions> options = config.blobs().externalStore(config.account().scope().region());
        if (options.isEmpty()) {
            return Optional.empty();
        }
        ExternalStore store = ExternalStore.open(options.get(), clock);
        resources.add(store);
        try {
            store.check();
        } catch (FleetlineException e) {
            throw new StartupException(e.getMessage(), e);
        }
        LOG.info("objects are kept on the external store {}; Fleetline's own S3 API is off", store);
        return Optional.of(store);
    }

    /**
     * The external object store when {@code --blob-store} names one: its {@code blobStore()} is where every account
     * reads documents and images, its {@code downloadUrls()} what devices download from, and Fleetline serves no S3
     * API of its own ({@code config().blobs().servesS3Api()} is false). Empty: the embedded store, per account.
     */
    public Optional<ExternalStore> externalBlobs() {
        return externalBlobs;
    }

    // ---- end of the external object store ----

    // ---- the embedded object store: each account's bytes beside its database, its S3 API on both ports ----

    /**
     * The S3 API over the embedded store, on the API port and (presigned downloads only) on the device port: each
     * request is served by the store of the caller's account, chosen as for the IoT APIs. With an external store, a
     * route that answers every S3 request with S3's {@code NotImplemented} naming the store ({@link ExternalStoreS3}).
     */
    private StreamingRoutes s3Api(ServiceModel s3, Authenticator authenticator) {
        if (!config.blobs().servesS3Api()) {
            return externalBlobs.map(store -> StreamingRoutes.of(new S3Authenticator(authenticator),
                    new S3StreamingRoute(new S3Endpoint(new S3Router(s3, serverHostNames()),
                            ExternalStoreS3.refusing(store)), S3StreamingRoute.DEFAULT_MAX_BODY_BYTES)))
                    .orElse(StreamingRoutes.NONE);
        }
        S3Endpoint endpoint = new S3Endpoint(new S3Router(s3, serverHostNames()),
                caller -> accounts.stackFor(caller).s3().orElseThrow());
        return StreamingRoutes.of(new S3Authenticator(authenticator),
                metered(new GatedRoute(new S3StreamingRoute(endpoint, S3StreamingRoute.DEFAULT_MAX_BODY_BYTES), gate)));
    }

    /** Where an account's fleet index lives: {@code index/} for the home account, beside its database for others. */
    private IndexPlace indexPlace(AccountScope scope) {
        return IndexPlace.directory(scope.equals(config.account().scope()) ? dataDir.root().resolve("index")
                : AccountDatabases.indexDir(dataDir.root(), scope));
    }

    /** Hands an account's device presence to {@code listener}; nothing arrives without MQTT. */
    private void onPresence(AccountScope scope, java.util.function.Consumer<Presence> listener) {
        broker.ifPresent(started -> started.onPresence(scope, listener));
    }

    /**
     * Where an account's embedded store keeps its bytes: {@code blobs/} in the data directory for the home account,
     * beside its SQLite file for another (permissive mode), whichever database holds its metadata.
     */
    private Path contentDir(AccountScope scope) {
        return scope.equals(config.account().scope()) ? AccountDatabases.homeContentDir(dataDir.root())
                : AccountDatabases.contentDir(dataDir.root(), scope);
    }

    /**
     * The URLs an account's devices download objects with: presigned S3 GETs of its embedded store on the device HTTPS
     * listener at the public host (on the API port when the device port is off), signed with the admin key, which the
     * listener's verifier knows in every mode and which acts in the home account. Another account (permissive mode)
     * signs with its account id as the key id and in its region, which is how the permissive verifier picks it.
     */
    private DownloadUrls deviceUrls(AccountScope scope) {
        boolean home = scope.equals(config.account().scope());
        return new PresignedUrls(this::downloadBase, home ? adminKey.id() : scope.accountId(), adminKey.secret(),
                scope.region(), clock);
    }

    /**
     * Scheme, public host and port of the listener devices download from: the device HTTPS port once it listens (its
     * configured port before, for URLs made by a rollout's tick at start), else the API port.
     */
    private URI downloadBase() {
        Optional<HttpApiServer> listening = Optional.ofNullable(http);
        Optional<Integer> devicePort = config.http().deviceHttpsPort().map(configured -> listening
                .flatMap(HttpApiServer::devicePort).filter(port -> port > 0).orElse(configured));
        if (devicePort.isPresent()) {
            return URI.create("https://" + config.network().publicHost() + ":" + devicePort.get());
        }
        int apiPort = listening.map(HttpApiServer::port).filter(port -> port > 0).orElse(config.http().port());
        return URI.create("http://" + config.network().publicHost() + ":" + apiPort);
    }

    // ---- end of the embedded object store ----

    private Authenticator authenticator(JdbcAccessKeyStore keys) {
        return switch (config.account().auth()) {
            case SIGV4 -> new SigV4Verifier(keys, clock, config.account().scope().region());
            case PERMISSIVE -> {
                LOG.warn("authentication is PERMISSIVE (--auth permissive): any signed request is accepted, whatever "
                        + "its key and signature. This is for test suites, never for a real fleet");
                yield SigV4Verifier.permissive(clock);
            }
            case NONE -> {
                LOG.warn("authentication is OFF (--insecure-no-auth): anyone who reaches the port can do anything");
                yield Authenticator.NONE;
            }
        };
    }

    /**
     * Opens the accounts earlier processes served, so that their rollouts and timeouts go on, and their devices and
     * certificate offers are found, before they call again. One that cannot be opened is left for its next call.
     */
    private void openServedAccounts() {
        List<AccountScope> served = new JdbcServedAccounts(database).all();
        recordedAccounts.addAll(served);
        for (AccountScope scope : served) {
            try {
                accounts.stack(scope);
            } catch (RuntimeException e) {
                LOG.warn("cannot open account {} in {} at start: {}", scope.accountId(), scope.region(),
                        e.getMessage(), e);
            }
        }
    }

    /**
     * Another account's stack (permissive mode): its own database, and its devices on the shared broker inside a
     * namespace of their own.
     */
    private AccountStack openAccount(AccountScope scope, AccountStack.Shared shared) {
        // the pools of other accounts' databases are left out of the metrics: their names would collide
        Database db = openDatabase(() -> Database.openOnDemand(
                AccountDatabases.url(config.storage(), dataDir.root(), scope), databaseMonitor(false)));
        try {
            LOG.info("serving account {} in {}", scope.accountId(), scope.region());
            if (!recordedAccounts.contains(scope)) {
                new JdbcServedAccounts(database).record(scope, clock.instant());
                recordedAccounts.add(scope);
            }
            AccountStack stack = AccountStack.open(scope, db, shared, security -> broker.map(b -> {
                b.watch(security);
                return b.busFor(DeviceAccount.of(scope, security.certificates(), security.authorization(), true));
            }));
            watchAccount(stack);
            return stack;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Wipes all state of every account (registry, certificates, policies, jobs, retained messages) and ends every
     * MQTT session, between requests (see {@link StateGate}). The access keys, the CA and the server's TLS
     * certificate stay, so clients carry on with the credentials and trust they have.
     */
    public void reset() {
        long started = System.nanoTime();
        gate.exclusive(() -> {
            broker.ifPresent(MqttBroker::reset);
            // the home account last: its database holds the certificate claims, which must not end before what
            // they claim (a claim without its certificate is repaired when contested, the other way round is not)
            accounts.all().reversed().forEach(AccountStack::wipe);
            console.forget();
            // a client that slipped in between the two steps is ended too, and so are its retained messages
            broker.ifPresent(MqttBroker::reset);
        });
        LOG.debug("reset all state in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Just-in-time registration of a certificate chain the TLS layer refused, on a thread of its own: the handshake
     * that asks must not wait for the database, nor for a reset in progress.
     */
    private void registerLater(List<java.security.cert.X509Certificate> chain) {
        try {
            registrations.execute(() -> {
                try {
                    gate.shared(() -> {
                        Accounts all = accounts;
                        if (all != null) {
                            all.tryRegister(chain);
                        }
                    });
                } catch (RuntimeException e) {
                    REGISTRATION_FAILED.warn("just-in-time registration failed: {}", e.getMessage(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the server is stopping: the device tries again later
        }
    }

    /** The accounts' certificate transfers in a region, once the accounts exist (the home stack is wired before). */
    private List<io.fleetline.security.cert.CertificateTransfers> transfersIn(String region) {
        Accounts all = accounts;
        return all == null ? List.of() : all.transfersIn(region);
    }

    /** Starts the broker for the home account's security; answers the home account's way to its devices. */
    private Optional<MessageBus> startBroker(Security security, RetainedMessageStore retained) {
        MqttSettings mqtt = config.mqtt();
        if (mqtt.port().isEmpty()) {
            return Optional.empty();
        }
        if (mqtt.plainPort().isPresent()) {
            LOG.warn("the plain MQTT listener is on: anyone who reaches it can publish and subscribe to anything");
        }
        BrokerSettings settings = new BrokerSettings(config.network().bindHost(), mqtt.port().get(), mqtt.plainPort(),
                mqtt.webSocketPort(), dataDir.root().resolve("broker"), dataDir.root().resolve(AuthorityFiles.SERVER_CERT),
                dataDir.root().resolve(AuthorityFiles.SERVER_KEY), BrokerSettings.DEFAULT_MAX_QUEUED_MESSAGES);
        try {
            // accounts share the broker only in the permissive mode; only then do they need namespaces
            DeviceAccount home = DeviceAccount.of(config.account().scope(), security.certificates(),
                    security.authorization(), config.account().auth() == AuthMode.PERMISSIVE);
            ServedDeviceAccounts served = new ServedDeviceAccounts(home, this::registerLater);
            MqttBroker started = MqttBroker.start(settings, served, retained, clock);
            resources.add(() -> {
                if (exiting) {
                    started.closeForExit();
                } else {
                    started.close();
                }
            });
            started.watch(security);
            metrics.ifPresent(m -> m.watch(started));
            brokerAccounts = Optional.of(served);
            broker = Optional.of(started);
            return Optional.of(started.busFor(home));
        } catch (IllegalStateException e) {
            throw new StartupException("cannot start MQTT on " + config.network().bindHost() + ":" + mqtt.port().get()
                    + " (" + rootMessage(e) + ")", e);
        }
    }

    private String read(String file) {
        try {
            return java.nio.file.Files.readString(dataDir.root().resolve(file));
        } catch (java.io.IOException e) {
            throw new StartupException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static Database openDatabase(java.util.function.Supplier<Database> open) {
        try {
            return open.get();
        } catch (StorageException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private void startListener() {
        try {
            http.start();
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + config.network().bindHost() + ":" + config.http().port()
                    + " (" + e.getMessage() + ")", e);
        } catch (Exception e) {
            throw new StartupException("cannot start the HTTP listener: " + e.getMessage(), e);
        }
    }

    /** The names of {@link #serverHostNames()}, and those DescribeEndpoint's AWS-shaped addresses need. */
    private List<String> certificateHostNames() {
        List<String> names = new ArrayList<>(serverHostNames());
        names.addAll(EndpointNames.certificateNames(config.account().scope().region(), config.network().publicHost()));
        return names;
    }

    private List<String> serverHostNames() {
        List<String> hosts = new ArrayList<>(List.of(config.network().publicHost(), "localhost", "127.0.0.1"));
        if (!config.network().bindsEveryAddress()) {
            hosts.add(config.network().bindHost());
        }
        return hosts.stream().distinct().toList();
    }

    /**
     * Whether {@code url} addresses this server: one of the names its certificate holds, on the API port or the device
     * port. Path-style S3 URLs of the server's object store look so ({@code http://<public host>:<port>/<bucket>/<key>}).
     */
    private boolean ownEndpoint(URI url) {
        if (url.getHost() == null || serverHostNames().stream().noneMatch(url.getHost()::equalsIgnoreCase)) {
            return false;
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return port == httpPort() || http.devicePort().map(device -> device == port).orElse(false);
    }

    private Map<String, String> endpointAddresses(AccountScope scope) {
        return EndpointNames.addresses(scope, config.network().publicHost());
    }

    private void writeEndpointFile() {
        ObjectNode endpoint = new ObjectMapper().createObjectNode();
        endpoint.put("http", httpUrl());
        endpoint.put("region", config.account().scope().region());
        endpoint.put("accountId", config.account().scope().accountId());
        endpoint.put("credentialsFile", dataDir.root().resolve("credentials").toString());
        endpoint.put("configFile", dataDir.root().resolve("config").toString());
        endpoint.put("caFile", dataDir.root().resolve(AuthorityFiles.CA_CERT).toString());
        mqttsUrl().ifPresent(url -> endpoint.put("mqtts", url));
        mqttPlainUrl().ifPresent(url -> endpoint.put("mqtt", url));
        deviceHttpsUrl().ifPresent(url -> endpoint.put("deviceHttps", url));
        webSocketUrl().ifPresent(url -> endpoint.put("ws", url));
        dataDir.write(ENDPOINT_FILE, endpoint.toPrettyString() + "\n", false);
    }

    public String httpUrl() {
        return "http://" + config.network().publicHost() + ":" + httpPort();
    }

    /** The web console: {@code /console} on the API port. */
    public String consoleUrl() {
        return httpUrl() + Console.PATH;
    }

    /** The web console (benchmarks count its live updates through it). */
    public Console console() {
        return console;
    }

    /** Where Prometheus scrapes the server, when metrics are on. */
    public Optional<String> metricsUrl() {
        return metrics.map(m -> httpUrl() + "/metrics");
    }

    public Optional<String> mqttsUrl() {
        return broker.map(b -> "mqtts://" + config.network().publicHost() + ":" + b.tlsPort());
    }

    public Optional<String> webSocketUrl() {
        return broker.flatMap(MqttBroker::webSocketPort)
                .map(port -> "wss://" + config.network().publicHost() + ":" + port + "/mqtt");
    }

    public Optional<String> deviceHttpsUrl() {
        return http.devicePort().map(port -> "https://" + config.network().publicHost() + ":" + port);
    }

    public Optional<String> mqttPlainUrl() {
        return broker.flatMap(MqttBroker::plainPort).map(port -> "mqtt://" + config.network().publicHost() + ":" + port);
    }

    /**
     * One tick of every account's OTA update worker, then of its rollout engine (so a job an OTA update created rolls
     * out in the same tick), for servers started without an engine thread (tests).
     */
    public void tickJobs() {
        accounts.all().forEach(stack -> {
            gate.shared(stack::tickOta);
            gate.shared(stack.jobs().engine()::tick);
        });
    }

    /** The jobs services of the home account (tests tick the engine through it). */
    public Jobs jobs() {
        return accounts.home().jobs();
    }

    /** The message bus of the broker, when one runs. */
    public Optional<MqttBroker> broker() {
        return broker;
    }

    public int httpPort() {
        return http.port();
    }

    public AccessKey adminKey() {
        return adminKey;
    }

    public ServerConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir.root();
    }

    /**
     * Stops the server of a process that is about to exit (SIGTERM): like {@link #close()}, but the broker's graceful
     * stop is not waited out, since the exit ends it. Not for a server whose JVM goes on.
     */
    public synchronized void closeForExit() {
        exiting = true;
        close();
    }

    /** Stops the listeners first, so nothing is acknowledged after the database closes. */
    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.getMessage());
            }
        }
        resources.clear();
        dataDir.deleteQuietly(ENDPOINT_FILE);
    }
}
