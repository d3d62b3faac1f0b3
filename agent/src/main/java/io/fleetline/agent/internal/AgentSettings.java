package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.Reboot;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * What an agent was built with.
 *
 * @param slots     opens the slots: called at every (re)start, which for {@link DirectorySlots} is a boot
 * @param reboot    empty for the built-in reboot: the agent starts again in this process, on freshly opened slots
 * @param handlers  the device's own handlers, tried after the built-in ones
 */
public record AgentSettings(String thingName, String host, int port, KeyManagerFactory keys,
                            TrustManagerFactory trust, Path stateDirectory, SlotsOpener slots,
                            HealthCheck healthCheck, Optional<Reboot> reboot, List<JobHandler> handlers,
                            List<String> allowedCommands, Optional<Path> handlerDirectory, AgentListener listener,
                            DownloadTap downloadTap, Optional<X509Certificate> codeSigner, Clock clock,
                            Timing timing) {
    public AgentSettings {
        handlers = List.copyOf(handlers);
        allowedCommands = List.copyOf(allowedCommands);
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
