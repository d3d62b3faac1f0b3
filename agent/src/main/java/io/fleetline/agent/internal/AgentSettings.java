package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.Durability;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.Reboot;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What an agent was built with.
 *
 * @param slots     opens the slots: called at every (re)start, which for {@link DirectorySlots} is a boot
 * @param reboot    empty for the built-in reboot: the agent starts again in this process, on freshly opened slots
 * @param handlers  the device's own handlers, tried after the built-in ones
 * @param handlerDirectory the Device Client handler scripts; empty: {@code handlers} under the state directory
 * @param https     HTTPS downloads' TLS (the server's CAs trusted): made once, every download of the agent shares it
 * @param jitter    spreads the waits before asking again
 */
public record AgentSettings(String thingName, String host, int port, KeyManagerFactory keys,
                            TrustManagerFactory trust, SSLContext https, Path stateDirectory, SlotsOpener slots,
                            HealthCheck healthCheck, Optional<Reboot> reboot, List<JobHandler> handlers,
                            List<String> allowedCommands, Optional<Path> handlerDirectory, AgentListener listener,
                            DownloadTap downloadTap, Optional<X509Certificate> codeSigner, Durability durability,
                            Jitter jitter, Timing timing) {
    public AgentSettings {
        handlers = List.copyOf(handlers);
        allowedCommands = List.copyOf(allowedCommands);
    }

    /** A client TLS context that trusts what {@code trust} trusts and shows no certificate: for HTTPS downloads. */
    public static SSLContext https(TrustManagerFactory trust) {
        try {
            SSLContext https = SSLContext.getInstance("TLS");
            https.init(null, trust.getTrustManagers(), null);
            return https;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    /** How the agent's state files are written: forced to the disk or not ({@link Durability}). */
    public AtomicFiles files() {
        return AtomicFiles.of(durability);
    }

    /** Where Device Client {@code runHandler} steps find their handlers: the one given, or {@code <state>/handlers}. */
    public Path deviceClientHandlers() {
        return handlerDirectory.orElse(stateDirectory.resolve("handlers"));
    }

    /**
     * The built-in handler of AWS IoT Device Client documents, for one life of the agent (each life is a new agent
     * run to its reboot marker). Throws {@link IllegalArgumentException} for an allowed command that is not one.
     */
    public DeviceClientJobs deviceClientJobs(Runnable reboot) {
        return new DeviceClientJobs(deviceClientHandlers(), allowedCommands, reboot::run,
                DeviceClientJobs.Limits.DEFAULT, DeviceClientSetup.environment(this));
    }

    /** Opens the device's slots. */
    @FunctionalInterface
    public interface SlotsOpener {
        BootSlots open() throws java.io.IOException;
    }

    /**
     * How long the agent waits. {@code answer}: for the server's answer to a request before asking again;
     * {@code stepTimeoutMinutes}: the step timer each IN_PROGRESS report starts, so that a device that stops reporting
     * times out; {@code streamIdle}: without a block before a stream download asks again.
     */
    public record Timing(Duration answer, long stepTimeoutMinutes, Duration streamIdle, Duration retryDelay) {
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(20), 60, Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
    }
}
