package io.fleetline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.DeviceAuthenticator;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.http.ApiDispatcher;
import io.fleetline.api.http.HttpApiServer;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.registry.RegistryApi;
import io.fleetline.api.routing.Router;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.RetainedMessageStore;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.rollout.JobScheduler;
import io.fleetline.storage.jobs.JdbcJobStore;
import io.fleetline.api.data.DataPlaneApi;
import io.fleetline.api.security.SecurityApi;
import io.fleetline.api.jobs.FleetlineJobsApi;
import io.fleetline.api.jobs.JobsApi;
import io.fleetline.broker.BrokerSettings;
import io.fleetline.broker.MqttBroker;
import io.fleetline.registry.Registry;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.tls.DeviceTls;
import io.fleetline.storage.security.JdbcSecurityStore;
import io.fleetline.storage.Database;
import io.fleetline.storage.StorageException;
import io.fleetline.storage.auth.JdbcAccessKeyStore;
import io.fleetline.storage.bus.JdbcRetainedMessageStore;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.io.IOException;
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
    static final String ENDPOINT_FILE = "endpoint.json";

    private final ServerConfig config;
    private final Clock clock;
    private final DataDirectory dataDir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private HttpApiServer http;
    private AccessKey adminKey;
    private Optional<MqttBroker> broker = Optional.empty();
    private Database database;
    private Jobs jobs;

    private FleetlineServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.dataDir = new DataDirectory(config.dataDir());
    }

    public static FleetlineServer create(ServerConfig config) {
        return new FleetlineServer(config, Clock.systemUTC());
    }

    /** A server whose time is {@code clock}: tests drive deprecation delays and schedules with it. */
    public static FleetlineServer create(ServerConfig config, Clock clock) {
        return new FleetlineServer(config, clock);
    }

    public synchronized FleetlineServer start() {
        try {
            dataDir.prepare();
            database = openDatabase();
            resources.add(database);
            JdbcAccessKeyStore keys = new JdbcAccessKeyStore(database);
            adminKey = CredentialsBootstrap.ensureAdminKey(keys, clock);
            CredentialsBootstrap.writeFiles(dataDir, adminKey, config.scope().region());

            Registry registry = Registry.create(new JdbcRegistryStore(database), config.scope(), clock,
                    config.typeDeletionDelay());
            CertificateAuthority ca = AuthorityFiles.loadOrCreate(dataDir, clock.instant());
            AuthorityFiles.ensureServerCertificate(dataDir, ca, serverHostNames(), clock.instant());
            Security security = Security.create(new JdbcSecurityStore(database), registry, ca, clock);
            List<ServiceModel> models = List.of(ServiceModel.load("iot"), ServiceModel.load("iot-jobs-data"),
                    ServiceModel.load("iot-data"), ServiceModel.load("fleetline"));
            // devices on the device port get the data planes only
            List<ServiceModel> deviceModels = List.of(models.get(1), models.get(2));
            HandlerRegistry handlers = new HandlerRegistry(models);
            RegistryApi.register(handlers, registry, endpointAddresses());
            SecurityApi.register(handlers, security);
            broker = startBroker(security, new JdbcRetainedMessageStore(database));
            broker.ifPresent(b -> DataPlaneApi.register(handlers, b, config.scope()));
            jobs = startJobs(registry, broker.<MessageBus>map(b -> b).orElse(MessageBus.NONE));
            JobsApi.register(handlers, jobs, config.scope(), clock);
            FleetlineJobsApi.register(handlers, jobs.plans());
            if (!config.authEnabled()) {
                LOG.warn("authentication is OFF (--insecure-no-auth): anyone who reaches the port can do anything");
            }
            ApiDispatcher dispatcher = new ApiDispatcher(new Router(models), handlers,
                    config.authEnabled() ? Optional.of(new SigV4Verifier(keys, clock)) : Optional.empty(),
                    new ObjectMapper());
            Optional<HttpApiServer.DevicePort> devicePort = config.deviceHttpsPort().map(port ->
                    new HttpApiServer.DevicePort(port, DeviceTls.context(read(AuthorityFiles.SERVER_CERT),
                            read(AuthorityFiles.SERVER_KEY), security.certificates()),
                            new ApiDispatcher(new Router(deviceModels), handlers,
                                    new DeviceAuthenticator(security.certificates(), security.authorization()),
                                    new ObjectMapper())));
            Optional<HttpApiServer.WebSocketRoute> webSocket = broker.map(b -> new HttpApiServer.WebSocketRoute(
                    config.authEnabled() ? new SigV4Verifier(keys, clock)::verify : Authenticator.NONE,
                    b::openOperatorConnection));
            http = new HttpApiServer(config.bindHost(), config.httpPort(), dispatcher, devicePort, webSocket);
            resources.add(http);
            startListener();
            writeEndpointFile();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The jobs services, and the thread that ticks their engine unless the configuration says tests tick it. */
    private Jobs startJobs(Registry registry, MessageBus bus) {
        Jobs started = Jobs.create(new JdbcJobStore(database), registry, bus, config.scope(), clock);
        if (!config.jobsTickInterval().isZero()) {
            JobScheduler scheduler = new JobScheduler(started.engine(), config.jobsTickInterval());
            resources.add(scheduler);
            started.onWake(scheduler::wake);
        }
        started.reconcile();
        return started;
    }

    private Optional<MqttBroker> startBroker(Security security, RetainedMessageStore retained) {
        if (config.mqttPort().isEmpty()) {
            return Optional.empty();
        }
        if (config.mqttPlainPort().isPresent()) {
            LOG.warn("the plain MQTT listener is on: anyone who reaches it can publish and subscribe to anything");
        }
        BrokerSettings settings = new BrokerSettings(config.bindHost(), config.mqttPort().get(), config.mqttPlainPort(),
                config.mqttWebSocketPort(), dataDir.root().resolve("broker"), dataDir.root().resolve(AuthorityFiles.SERVER_CERT),
                dataDir.root().resolve(AuthorityFiles.SERVER_KEY), BrokerSettings.DEFAULT_MAX_QUEUED_MESSAGES);
        try {
            MqttBroker started = MqttBroker.start(settings, security, retained, config.scope(), clock);
            resources.add(started);
            return Optional.of(started);
        } catch (IllegalStateException e) {
            throw new StartupException("cannot start MQTT on " + config.bindHost() + ":" + config.mqttPort().get()
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

    private Database openDatabase() {
        try {
            return Database.open(config.jdbcUrl());
        } catch (StorageException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private void startListener() {
        try {
            http.start();
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + config.bindHost() + ":" + config.httpPort()
                    + " (" + e.getMessage() + ")", e);
        } catch (Exception e) {
            throw new StartupException("cannot start the HTTP listener: " + e.getMessage(), e);
        }
    }

    private List<String> serverHostNames() {
        List<String> hosts = new ArrayList<>(List.of(config.publicHost(), "localhost", "127.0.0.1"));
        if (!config.bindHost().equals("0.0.0.0") && !config.bindHost().equals("::")) {
            hosts.add(config.bindHost());
        }
        return hosts.stream().distinct().toList();
    }

    private Map<String, String> endpointAddresses() {
        String host = config.publicHost();
        return Map.of("iot:Data", host, "iot:Data-ATS", host, "iot:Jobs", host,
                "iot:CredentialProvider", host);
    }

    private void writeEndpointFile() {
        ObjectNode endpoint = new ObjectMapper().createObjectNode();
        endpoint.put("http", httpUrl());
        endpoint.put("region", config.scope().region());
        endpoint.put("accountId", config.scope().accountId());
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
        return "http://" + config.publicHost() + ":" + httpPort();
    }

    public Optional<String> mqttsUrl() {
        return broker.map(b -> "mqtts://" + config.publicHost() + ":" + b.tlsPort());
    }

    public Optional<String> webSocketUrl() {
        return broker.flatMap(MqttBroker::webSocketPort).map(port -> "wss://" + config.publicHost() + ":" + port + "/mqtt");
    }

    public Optional<String> deviceHttpsUrl() {
        return http.devicePort().map(port -> "https://" + config.publicHost() + ":" + port);
    }

    public Optional<String> mqttPlainUrl() {
        return broker.flatMap(MqttBroker::plainPort).map(port -> "mqtt://" + config.publicHost() + ":" + port);
    }

    /** The jobs services (tests tick the engine through it). */
    public Jobs jobs() {
        return jobs;
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
