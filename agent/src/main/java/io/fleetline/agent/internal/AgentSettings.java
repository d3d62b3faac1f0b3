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
 * @param bootId    names this boot of the device, for AWS-Reboot steps; empty: see {@link #deviceClientJobs}
 * @param handlers  the device's own handlers, tried after the built-in ones
 * @param handlerDirectory the Device Client handler scripts; empty: {@code handlers} under the state directory
 * @param https     HTTPS downloads' TLS (the server's CAs trusted): made once, every download of the agent shares it
 * @param firmware  what firmware updates trust and take
 * @param jitter    spreads the waits before asking again
 */
public record AgentSettings(String thingName, String host, int port, KeyManagerFactory keys,
                            TrustManagerFactory trust, SSLContext https, Path stateDirectory, SlotsOpener slots,
                            HealthCheck healthCheck, Optional<Reboot> reboot, Optional<String> bootId,
                            List<JobHandler> handlers,
                            List<String> allowedCommands, Optional<Path> handlerDirectory, AgentListener listener,
                            DownloadTap downloadTap, Firmware firmware, Durability durability,
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
     * The built-in handler of AWS IoT Device Client documents, for one life of the agent: with a reboot of the
     * device's own, a {@code reboot.sh} step counts as done in another boot (the kernel's boot id); with the built-in
     * reboot, in another life (or, either way, under another {@code bootId}). AWS-Download-File may not write into
     * the state directory, the handler directory or a code-signing certificate file or directory. Throws
     * {@link IllegalArgumentException} for an allowed command that is not one.
     */
    public DeviceClientJobs deviceClientJobs(Runnable reboot) {
        List<Path> kept = new java.util.ArrayList<>(firmware.signers().sources());
        kept.add(stateDirectory);
        // a device that really reboots is told by its boot id; the built-in reboot only starts a new life
        String boot = bootId.map(id -> "boot:" + id).orElseGet(() -> this.reboot.isPresent()
                ? DeviceClientJobs.thisBoot() : "life:" + java.util.UUID.randomUUID());
        return new DeviceClientJobs(deviceClientHandlers(), allowedCommands, reboot::run,
                DeviceClientJobs.Limits.DEFAULT, DeviceClientSetup.environment(this), kept, boot);
    }

    /**
     * What firmware updates trust and take.
     *
     * @param signers  the code-signing certificates images are checked against
     * @param maxBytes the largest image the agent downloads; a document that declares a larger one is refused
     */
    public record Firmware(CodeSigners signers, long maxBytes) {
        /** The largest image by default: 1 GiB. */
        public static final long DEFAULT_MAX_BYTES = 1L << 30;

        public Firmware {
            java.util.Objects.requireNonNull(signers, "signers");
            if (maxBytes < 1) {
                throw new IllegalArgumentException("the largest firmware image must be positive: " + maxBytes);
            }
        }
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
