package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.Reboot;
import io.fleetline.agent.internal.BuiltInHandler;
import io.fleetline.agent.internal.DetailsText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Carries out AWS IoT Device Client job documents (schema {@code 1.0}, and the older flat {@code operation} form):
 * {@code runHandler} steps run handlers from the handler directory (mode 0700) or the directory a step names (also
 * 0700); {@code runCommand} steps run only programs on the allow-list. Each step runs without a shell, with no input,
 * within {@link Limits#stepTimeout}, as the step's {@code runAsUser} where the agent can switch to it (as root) and
 * not at all where it cannot. A {@code reboot.sh} step from the handler directory reboots through {@link Reboot} and
 * succeeds when the job runs again after the restart.
 *
 * <p>Outcomes carry the Device Client's status details: {@code reason}, {@code stdout} (only with
 * {@code includeStdOut}), {@code stderr}, each the last 1,024 characters. A document it cannot take (malformed, a
 * schema version other than 1.0, a command not on the allow-list) is REJECTED before any step runs.
 */
public final class DeviceClientJobs implements BuiltInHandler {
    private static final String PROCESS_BOOT = "process:" + UUID.randomUUID();
    private final JobRun.Setup setup;

    /**
     * Bounds on one step.
     *
     * @param stepTimeout how long a step may run before it is killed (with what it started) and fails
     * @param outputBytes how much of each of stdout and stderr the agent keeps (the last bytes)
     */
    public record Limits(Duration stepTimeout, int outputBytes) {
        public static final Limits DEFAULT = new Limits(Duration.ofHours(1), 16 * 1024);

        public Limits {
            if (stepTimeout.isNegative() || stepTimeout.isZero()) {
                throw new IllegalArgumentException("stepTimeout must be positive: " + stepTimeout);
            }
            if (outputBytes < DetailsText.MAX_LENGTH || outputBytes > 1024 * 1024) {
                throw new IllegalArgumentException("outputBytes must be 1 KiB to 1 MiB: " + outputBytes);
            }
        }
    }

    /**
     * The variable that names, for the steps, a PEM file of the CAs the agent trusts for its server: the standard
     * {@code download-file.sh} fetches with it a URL that the system's CAs do not vouch for (a presigned URL of the
     * server's own S3 on its device port).
     */
    public static final String SERVER_CA_VARIABLE = "FLEETLINE_SERVER_CA";

    /** With the {@link Limits#DEFAULT default limits}. */
    public DeviceClientJobs(Path handlerDirectory, List<String> allowedCommands, Reboot reboot) {
        this(handlerDirectory, allowedCommands, reboot, Limits.DEFAULT, Map.of());
    }

    /** With no variables for the steps beyond the agent's own. */
    public DeviceClientJobs(Path handlerDirectory, List<String> allowedCommands, Reboot reboot, Limits limits) {
        this(handlerDirectory, allowedCommands, reboot, limits, Map.of());
    }

    /** Keeping AWS-Download-File out of the handler directory only; a reboot is told by {@link #thisBoot}. */
    public DeviceClientJobs(Path handlerDirectory, List<String> allowedCommands, Reboot reboot, Limits limits,
                            Map<String, String> environment) {
        this(handlerDirectory, allowedCommands, reboot, limits, environment, List.of(), thisBoot());
    }

    /**
     * @param handlerDirectory where {@code runHandler} steps find handlers (the schema's {@code "default"} path)
     * @param allowedCommands  the programs {@code runCommand} steps may run, by the name the command gives
     * @param reboot           how the agent reboots, for {@code reboot.sh} steps
     * @param environment      variables every step gets besides the agent's own (such as {@link #SERVER_CA_VARIABLE})
     * @param keptDirectories  directories {@code download-file.sh} may not write into (the agent's state directory,
     *                         its code-signing certificates), besides the handler directory
     * @param boot             names the boot the device is in: a {@code reboot.sh} step counts as done when the job
     *                         runs again in another boot ({@link #thisBoot}, or one name per life of an agent whose
     *                         reboot only starts it again)
     */
    public DeviceClientJobs(Path handlerDirectory, List<String> allowedCommands, Reboot reboot, Limits limits,
                            Map<String, String> environment, List<Path> keptDirectories, String boot) {
        this(handlerDirectory, allowedCommands, reboot, limits, environment, keptDirectories, boot,
                CurrentUser.ofThisProcess());
    }

    DeviceClientJobs(Path handlerDirectory, List<String> allowedCommands, Reboot reboot, Limits limits,
                     Map<String, String> environment, List<Path> keptDirectories, String boot, CurrentUser user) {
        List<Path> kept = new ArrayList<>(keptDirectories);
        kept.add(handlerDirectory);
        this.setup = new JobRun.Setup(new HandlerDirectory(handlerDirectory, user),
                new AllowedCommands(allowedCommands), new RunAs(user), reboot, limits, Map.copyOf(environment),
                new KeptPaths(kept), boot);
    }

    /**
     * This boot of the device: the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}), new at every boot; where
     * it cannot be read, a name new to this process, so that a restart of the agent counts as a reboot.
     */
    public static String thisBoot() {
        Path bootId = Path.of("/proc/sys/kernel/random/boot_id");
        try {
            String id = new String(Files.readAllBytes(bootId), StandardCharsets.US_ASCII).strip();
            if (!id.isEmpty() && id.length() <= 64) {
                return "boot-id:" + id;
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or hidden: the process stands for the boot
        }
        return PROCESS_BOOT;
    }

    @Override
    public boolean handles(ObjectNode document) {
        return JobDocumentReader.isDeviceClientDocument(document);
    }

    @Override
    public Outcome run(JobContext job, ObjectNode document) throws IOException, InterruptedException {
        return new JobRun(setup, job).run(document);
    }

    /**
     * Installs the standard handlers the AWS managed job templates name ({@code download-file.sh},
     * {@code reboot.sh}, {@code install-packages.sh}, {@code remove-packages.sh}, {@code start-services.sh},
     * {@code stop-services.sh}, {@code restart-services.sh}) into {@code directory}, which is created if need be and
     * set to mode 0700; each handler gets mode 0700, replacing an older copy.
     *
     * @return the handlers installed
     */
    public static List<Path> installHandlers(Path directory) throws IOException {
        return HandlerScripts.install(directory);
    }
}
