package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.Durability;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.Reboot;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Collects an agent's settings; {@link #build} checks the required ones. */
public final class AgentBuilder implements DeviceAgent.Builder {
    /** The version of slot A in a new slots directory. */
    static final String FACTORY_VERSION = "1.0.0";

    private String thingName;
    private String host;
    private int port;
    private KeyManagerFactory keys;
    private TrustManagerFactory trust;
    private Path stateDirectory;
    private BootSlots slots;
    private HealthCheck healthCheck = HealthCheck.booted();
    private Reboot reboot;
    private String bootId;
    private final List<JobHandler> handlers = new ArrayList<>();
    private List<String> allowedCommands = List.of();
    private Path handlerDirectory;
    private AgentListener listener = new AgentListener() {
    };
    private DownloadTap downloadTap = DownloadTap.none();
    private final List<X509Certificate> codeSigners = new ArrayList<>();
    private final List<Path> codeSignerSources = new ArrayList<>();
    private boolean trustDocumentCertificatePath;
    private long maxFirmwareBytes = AgentSettings.Firmware.DEFAULT_MAX_BYTES;
    private Durability durability = Durability.FULL;
    private Random random;
    private AgentSettings.Timing timing = AgentSettings.Timing.defaults();

    @Override
    public DeviceAgent.Builder thingName(String thingName) {
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        return this;
    }

    @Override
    public DeviceAgent.Builder endpoint(String host, int port) {
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        return this;
    }

    @Override
    public DeviceAgent.Builder tls(KeyManagerFactory keys, TrustManagerFactory trust) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.trust = Objects.requireNonNull(trust, "trust");
        return this;
    }

    @Override
    public DeviceAgent.Builder codeSigner(X509Certificate certificate) {
        codeSigners.add(Objects.requireNonNull(certificate, "certificate"));
        return this;
    }

    @Override
    public DeviceAgent.Builder codeSigners(Path fileOrDirectory) {
        codeSignerSources.add(Objects.requireNonNull(fileOrDirectory, "fileOrDirectory").toAbsolutePath().normalize());
        return this;
    }

    @Override
    public DeviceAgent.Builder trustDocumentCertificatePath() {
        this.trustDocumentCertificatePath = true;
        return this;
    }

    @Override
    public DeviceAgent.Builder maxFirmwareBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the largest firmware image must be positive: " + bytes);
        }
        this.maxFirmwareBytes = bytes;
        return this;
    }

    @Override
    public DeviceAgent.Builder stateDirectory(Path directory) {
        this.stateDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    @Override
    public DeviceAgent.Builder slots(BootSlots slots) {
        this.slots = Objects.requireNonNull(slots, "slots");
        return this;
    }

    @Override
    public DeviceAgent.Builder healthCheck(HealthCheck check) {
        this.healthCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    @Override
    public DeviceAgent.Builder reboot(Reboot reboot) {
        this.reboot = Objects.requireNonNull(reboot, "reboot");
        return this;
    }

    @Override
    public DeviceAgent.Builder bootId(String bootId) {
        if (bootId.isBlank()) {
            throw new IllegalArgumentException("a boot id is not blank");
        }
        this.bootId = bootId;
        return this;
    }

    @Override
    public DeviceAgent.Builder handler(JobHandler handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public DeviceAgent.Builder allowedCommands(List<String> commands) {
        this.allowedCommands = List.copyOf(commands);
        return this;
    }

    @Override
    public DeviceAgent.Builder handlerDirectory(Path directory) {
        this.handlerDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    @Override
    public DeviceAgent.Builder listener(AgentListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    public DeviceAgent.Builder downloadTap(DownloadTap tap) {
        this.downloadTap = Objects.requireNonNull(tap, "tap");
        return this;
    }

    @Override
    public DeviceAgent.Builder durability(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
        return this;
    }

    @Override
    public DeviceAgent.Builder jitter(Random random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /** Shorter waits, for tests that take a server away. */
    public AgentBuilder timing(AgentSettings.Timing timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
        return this;
    }

    @Override
    public DeviceAgent build() {
        require(thingName, "thingName");
        require(host, "endpoint");
        require(keys, "tls");
        require(stateDirectory, "stateDirectory");
        if (trustDocumentCertificatePath && codeSignerSources.stream().noneMatch(java.nio.file.Files::isDirectory)) {
            throw new IllegalStateException("trustDocumentCertificatePath takes a document's certificate path only "
                    + "inside a code-signing certificate directory, and the agent was given none (codeSigners)");
        }
        BootSlots given = slots;
        Path slotsDirectory = stateDirectory.resolve("slots");
        AtomicFiles files = AtomicFiles.of(durability);
        AgentSettings.SlotsOpener opener = given != null ? () -> given
                : () -> DirectorySlots.open(slotsDirectory, FACTORY_VERSION, files);
        AgentSettings settings = new AgentSettings(thingName, host, port, keys, trust, AgentSettings.https(trust),
                stateDirectory, opener, healthCheck, Optional.ofNullable(reboot), Optional.ofNullable(bootId),
                handlers, allowedCommands, Optional.ofNullable(handlerDirectory), listener, downloadTap,
                new AgentSettings.Firmware(
                        new CodeSigners(codeSigners, codeSignerSources, trustDocumentCertificatePath),
                        maxFirmwareBytes), durability, new Jitter(random != null ? random : new Random()), timing);
        settings.deviceClientJobs(() -> { });  // an allowed command that is not one fails here, not in the agent
        return new JobsAgent(settings);
    }

    private static void require(Object value, String setting) {
        if (value == null) {
            throw new IllegalStateException("a device agent needs " + setting);
        }
    }
}
