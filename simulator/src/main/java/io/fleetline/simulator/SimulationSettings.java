package io.fleetline.simulator;

import io.fleetline.agent.DeviceAgent;
import io.fleetline.simulator.profile.FaultProfile;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * What a {@link Simulation} is told: the server, the fleet (group, size, profile), where it keeps its state, and how
 * hard it may push (provisioning and connection concurrency).
 *
 * @param codeSigner the certificate the devices check images' signatures with; without it, the devices reject
 *                   firmware updates (the agent checks images only against certificates it was given)
 * @param agents     adds to each device's agent builder what the simulation does not set (a handler, say)
 */
public record SimulationSettings(ServerTarget target, String group, int fleetSize, FaultProfile profile,
                                 Path stateDirectory, Clock clock, int concurrency, int connectConcurrency,
                                 String factoryVersion, Optional<X509Certificate> codeSigner,
                                 Duration pollInterval, Progress progress, UnaryOperator<DeviceAgent.Builder> agents) {
    public SimulationSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (fleetSize < 1) {
            throw new IllegalArgumentException("a fleet has at least one device");
        }
        if (concurrency < 1 || connectConcurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    static Builder builder() {
        return new Builder();
    }

    IotClient iotClient() {
        return IotClient.builder().endpointOverride(target.apiUrl()).region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKeyId(), target.secretKey())))
                .httpClient(ApacheHttpClient.builder().maxConnections(concurrency + 4).build())
                .build();
    }

    /** Builds a {@link Simulation}; {@code target}, {@code group}, {@code fleetSize} and {@code stateDirectory} are required. */
    public static final class Builder {
        private ServerTarget target;
        private String group;
        private int fleetSize;
        private FaultProfile profile = FaultProfile.healthy();
        private Path stateDirectory;
        private Clock clock = Clock.systemUTC();
        private int concurrency = 16;
        private int connectConcurrency = 64;
        private String factoryVersion = "1.0.0";
        private X509Certificate codeSigner;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Progress progress = Progress.none();
        private UnaryOperator<DeviceAgent.Builder> agents = UnaryOperator.identity();

        public Builder target(ServerTarget server) {
            this.target = server;
            return this;
        }

        /** The thing group the fleet's things are in. */
        public Builder group(String name) {
            this.group = name;
            return this;
        }

        public Builder fleetSize(int devices) {
            this.fleetSize = devices;
            return this;
        }

        public Builder profile(FaultProfile faults) {
            this.profile = faults;
            return this;
        }

        /** Where the devices' identities (kept for later runs) and their agents' state go. */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        /** The clock of the simulated boots and outages, and of the report (a test's manual clock). */
        public Builder clock(Clock time) {
            this.clock = time;
            return this;
        }

        /** Devices provisioned at once (default 16). */
        public Builder concurrency(int calls) {
            this.concurrency = calls;
            return this;
        }

        /** Devices connecting at once (default 64). */
        public Builder connectConcurrency(int devices) {
            this.connectConcurrency = devices;
            return this;
        }

        /** The version the devices' slots hold at the start (default 1.0.0). */
        public Builder factoryVersion(String version) {
            this.factoryVersion = version;
            return this;
        }

        /** The code-signing certificate images must be signed with (default: the one the job document names). */
        public Builder codeSigner(X509Certificate certificate) {
            this.codeSigner = certificate;
            return this;
        }

        /** How often the server is asked about the fleet's jobs (default 1 s). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public Builder progress(Progress view) {
            this.progress = view;
            return this;
        }

        /** Adds to each agent's builder (after the simulation's settings). */
        public Builder agents(UnaryOperator<DeviceAgent.Builder> customise) {
            this.agents = customise;
            return this;
        }

        public Simulation build() {
            return new Simulation(new SimulationSettings(target, group, fleetSize, profile, stateDirectory, clock,
                    concurrency, connectConcurrency, factoryVersion, Optional.ofNullable(codeSigner), pollInterval, progress,
                    agents));
        }
    }
}
