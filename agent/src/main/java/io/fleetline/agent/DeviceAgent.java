package io.fleetline.agent;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device's jobs agent: one MQTT connection (mutual TLS) as the device's thing, which takes its jobs one after
 * another and carries each out with a {@link JobHandler}.
 *
 * <pre>{@code
 * try (DeviceAgent agent = DeviceAgent.builder()
 *         .thingName("dev-1").endpoint("127.0.0.1", 8883)
 *         .tls(AgentTls.keyManagers(certificatePem, privateKeyPem), AgentTls.trustManagers(caPem))
 *         .stateDirectory(Path.of("/var/lib/fleetline-agent"))
 *         .build()) {
 *     agent.start();
 *     ...
 * }
 * }</pre>
 */
public interface DeviceAgent extends AutoCloseable {
    /** Starts the agent: finishes or rolls back what its journal says it left, connects and asks for its next job. */
    void start();

    /** The version of the image the device runs. */
    String runningVersion();

    /** Disconnects and stops; a job in progress is left to the journal (as a power cut would). */
    @Override
    void close();

    static Builder builder() {
        return new io.fleetline.agent.internal.AgentBuilder();
    }

    /** Builds an agent; {@code thingName}, {@code endpoint}, {@code tls} and {@code stateDirectory} are required. */
    interface Builder {
        Builder thingName(String thingName);

        /** The MQTT endpoint (mutual TLS). */
        Builder endpoint(String host, int port);

        /**
         * The device's key and certificate ({@code keys}) and the server's CA ({@code trust}), for the MQTT connection
         * (mutual TLS) and for HTTPS downloads (server trust only). Factories rather than an {@code SSLContext}: the
         * MQTT client builds its own TLS engine from them. {@link AgentTls} makes them from PEM text.
         */
        Builder tls(KeyManagerFactory keys, TrustManagerFactory trust);

        /**
         * A code-signing certificate firmware images may be signed with; call again for more. The agent checks images
         * only against the certificates it is given here and by {@link #codeSigners}: without any, every firmware
         * update is REJECTED. The certificate path a job document names ({@code certfile},
         * {@code signature.certificate}) is ignored but with {@link #trustDocumentCertificatePath}.
         */
        Builder codeSigner(X509Certificate certificate);

        /**
         * A file of code-signing certificates (PEM, one or more; or DER), or a directory of such files, read each time
         * an image is checked; call again for more. Keep a directory writable by the agent's user (or root) alone:
         * whoever can put a certificate there can have images signed with their own key installed.
         */
        Builder codeSigners(Path fileOrDirectory);

        /**
         * Checks an image against the certificate at the path its job document names, as AWS's OTA agent does, but
         * only when that path lies (symbolic links followed) in a directory given to {@link #codeSigners}; a path
         * elsewhere fails the update. AWS's agent reads any path, so that a job could name a certificate planted by
         * an earlier job (AWS-Download-File) and install an image signed with any key. {@link #build} refuses this
         * without a certificate directory.
         */
        Builder trustDocumentCertificatePath();

        /**
         * The largest firmware image the agent takes (1 GiB by default): a document that declares a larger one, or
         * one larger than the free space in the state directory, fails before anything is downloaded.
         */
        Builder maxFirmwareBytes(long bytes);

        /** Where the journal, the work files and (by default) the slots live. */
        Builder stateDirectory(Path directory);

        /** The slots; by default {@link BootSlots#directory} under the state directory, factory version {@code 1.0.0}. */
        Builder slots(BootSlots slots);

        Builder healthCheck(HealthCheck check);

        Builder reboot(Reboot reboot);

        /**
         * Names this boot of the device, for AWS-Reboot ({@code reboot.sh}) steps: such a step counts as done when
         * its job runs again in another boot, and fails when it runs again in the same one (the agent restarted, the
         * device did not reboot). By default, with a {@link #reboot} of the device's own, the kernel's boot id
         * ({@code /proc/sys/kernel/random/boot_id}; where it cannot be read, the agent's process); with the built-in
         * reboot, which only starts the agent again, each start.
         */
        Builder bootId(String bootId);

        /** Adds a handler after the built-in ones (firmware update, AWS IoT Device Client documents). */
        Builder handler(JobHandler handler);

        /**
         * Commands a Device Client {@code runCommand} step may run (by program name, without spaces or commas); none
         * by default. {@link #build} refuses a name that is not one.
         */
        Builder allowedCommands(List<String> commands);

        /**
         * The directory of Device Client handler scripts, for {@code runHandler} steps; it must have mode 0700. By
         * default {@code handlers} in the state directory. A directory that does not exist when the agent runs a
         * Device Client job is made (0700) and given the standard handlers the AWS managed job templates name
         * ({@code download-file.sh}, {@code reboot.sh}, ...); one that exists is left as it is.
         */
        Builder handlerDirectory(Path directory);

        Builder listener(AgentListener listener);

        Builder downloadTap(DownloadTap tap);

        /**
         * Whether the agent forces its state (journal, update phase, download, slots) to the disk at every change;
         * {@link Durability#FULL} by default. Its files are replaced atomically either way.
         */
        Builder durability(Durability durability);

        /**
         * The randomness the agent spreads its waits with before asking again (an unanswered request, a quiet stream,
         * a failed download), so that a fleet that lost its server at once does not ask again in step. A new
         * {@link Random} by default; a seeded one repeats the same waits.
         */
        Builder jitter(Random random);

        DeviceAgent build();
    }
}
