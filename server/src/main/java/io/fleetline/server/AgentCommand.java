package io.fleetline.server;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.AgentTls;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.Step;
import io.fleetline.security.ca.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetline agent}: runs a device agent (the {@code agent} module) until the process is stopped. Its slots
 * are files under the state directory; a reboot after a switch starts the agent again in this process, the slots
 * booted as a bootloader would.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a device agent that performs jobs for real: firmware updates (afr_ota documents of "
                + "create-ota-update, and the plain fleetline_ota form) into A/B slots under the state directory, "
                + "verified, health-checked and confirmed or rolled back; every step in the execution's statusDetails. "
                + "And AWS IoT Device Client job documents (AWS's managed templates among them): runHandler steps "
                + "from the handler directory, runCommand steps of the programs --allow-command names.",
                "",
                "Reboot: after switching slots (or for an AWS-Reboot job) the agent \"reboots\" by starting again in "
                        + "this process: the slots "
                        + "are opened anew, which boots the new image on trial (and falls back to the previous one "
                        + "if a trial boot is never confirmed). Stop it with Ctrl-C or SIGTERM at any time: what it "
                        + "was doing is journalled in the state directory, and the next start resumes or rolls back.",
                ""})
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--endpoint", required = true, paramLabel = "HOST:PORT",
            description = "The server's MQTT over TLS (mutual TLS), e.g. 127.0.0.1:8883.")
    String endpoint;

    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The device's certificate (PEM).")
    Path certificate;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The device's private key (PEM: PKCS#8, EC or RSA, as create-keys-and-certificate gives it).")
    Path key;

    @Option(names = "--ca", required = true, paramLabel = "FILE",
            description = "The server's CA (data/ca/ca.pem), trusted for MQTT and for HTTPS downloads.")
    Path ca;

    @Option(names = "--thing", required = true, description = "The device's thing name (also its MQTT client id).")
    String thing;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR",
            description = "The agent's journal, downloads and slots (slots/slot-a.img, slot-b.img, boot.json), "
                    + "and by default its Device Client handlers (handlers/).")
    Path stateDirectory;

    @Option(names = "--code-signing-cert", paramLabel = "FILE|DIR", arity = "1..*",
            description = "The code-signing certificates firmware images may be signed with: PEM files (one or more "
                    + "certificates each) or directories of them (read at each update); repeat for more. Without "
                    + "any, every firmware update is REJECTED. The certificate path a job document names is not "
                    + "used (see --trust-document-certificate-path).")
    List<Path> codeSigners = new ArrayList<>();

    @Option(names = "--trust-document-certificate-path",
            description = "Check an image against the certificate at the path its job document names (certfile, "
                    + "signature.certificate), as AWS's OTA agent does, but only inside a --code-signing-cert "
                    + "directory. AWS's agent reads any path: a job could name a certificate an earlier job "
                    + "downloaded and install an image signed with any key.")
    boolean trustDocumentCertificatePath;

    @Option(names = "--max-firmware-bytes", paramLabel = "BYTES", defaultValue = "1073741824",
            description = "The largest firmware image the agent downloads (default: ${DEFAULT-VALUE}, 1 GiB); a "
                    + "document declaring a larger one, or one larger than the free space in the state directory, "
                    + "fails before the download.")
    long maxFirmwareBytes;

    @Option(names = "--handler-dir", paramLabel = "DIR",
            description = "AWS IoT Device Client handler scripts (mode 0700), for runHandler steps. Default: "
                    + "STATE-DIR/handlers. A directory that does not exist at a Device Client job is made (0700) "
                    + "with the standard handlers the AWS managed job templates name (download-file.sh, reboot.sh, "
                    + "install-packages.sh, ...).")
    Path handlerDirectory;

    @Option(names = "--allow-command", paramLabel = "PROGRAM",
            description = "A program runCommand steps may run, by the name the command gives (echo, not /bin/echo); "
                    + "repeat for more. None by default: a runCommand step of any other program is REJECTED.")
    List<String> allowedCommands = new ArrayList<>();

    /** Test only: the process halts (as kill -9) after the new image is written, before the slots switch. */
    @Option(names = "--halt-before-switch", hidden = true)
    boolean haltBeforeSwitch;

    @Override
    public Integer call() throws Exception {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            System.err.println("fleetline: --endpoint is HOST:PORT, e.g. 127.0.0.1:8883");
            return 2;
        }
        Optional<String> signersWrong = checkCodeSigners();
        if (signersWrong.isPresent()) {
            System.err.println("fleetline: " + signersWrong.get());
            return 2;
        }
        if (maxFirmwareBytes < 1) {
            System.err.println("fleetline: --max-firmware-bytes must be positive");
            return 2;
        }
        DeviceAgent.Builder builder = DeviceAgent.builder().thingName(thing)
                .endpoint(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)))
                .tls(AgentTls.keyManagers(Files.readString(certificate), Files.readString(key)),
                        AgentTls.trustManagers(Files.readString(ca)))
                .stateDirectory(stateDirectory).allowedCommands(allowedCommands)
                .listener(new Printer(thing));
        Optional.ofNullable(handlerDirectory).ifPresent(builder::handlerDirectory);
        codeSigners.forEach(builder::codeSigners);
        if (trustDocumentCertificatePath) {
            builder.trustDocumentCertificatePath();
        }
        builder.maxFirmwareBytes(maxFirmwareBytes);
        if (codeSigners.isEmpty()) {
            System.err.println("fleetline: no --code-signing-cert: firmware updates will be REJECTED");
        }
        if (haltBeforeSwitch) {
            builder.slots(new HaltBeforeSwitch(BootSlots.directory(stateDirectory.resolve("slots"), "1.0.0")));
        }
        DeviceAgent agent = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        agent.start();
        System.out.println("fleetline: agent " + thing + " running firmware " + agent.runningVersion() + ", state in "
                + stateDirectory.toAbsolutePath());
        stopped.await();
        return 0;
    }

    /** What is wrong with the code-signing options, if anything: a file that holds no certificate, say. */
    private Optional<String> checkCodeSigners() {
        boolean directory = false;
        for (Path source : codeSigners) {
            if (Files.isDirectory(source)) {
                directory = true;
                continue;
            }
            try {
                if (Pem.certificates(Files.readString(source)).isEmpty()) {
                    return Optional.of("--code-signing-cert " + source + " holds no PEM certificate");
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of("--code-signing-cert " + source + " cannot be read as PEM certificates: "
                        + e.getMessage());
            }
        }
        if (trustDocumentCertificatePath && !directory) {
            return Optional.of("--trust-document-certificate-path takes a document's certificate path only inside a "
                    + "--code-signing-cert directory, and none was given");
        }
        return Optional.empty();
    }

    /** Prints each step, as the agent reports it. */
    private record Printer(String thing) implements AgentListener {
        @Override
        public void onStep(String jobId, Step step, Map<String, String> details) {
            System.out.println(thing + " " + jobId + ": " + details);
        }

        @Override
        public void onJobEnded(String jobId, String status, Map<String, String> details) {
            System.out.println(thing + " " + jobId + ": " + status
                    + (details.isEmpty() ? "" : " " + details));
        }

        @Override
        public void onConnection(boolean connected) {
            System.out.println(thing + (connected ? ": connected" : ": disconnected"));
        }
    }

    /** The slots, but the process halts where a power cut would hurt most: image written, switch not yet made. */
    private record HaltBeforeSwitch(BootSlots slots) implements BootSlots {
        @Override
        public String runningVersion() throws IOException {
            return slots.runningVersion();
        }

        @Override
        public boolean onTrial() throws IOException {
            return slots.onTrial();
        }

        @Override
        public Optional<String> inactiveVersion() throws IOException {
            return slots.inactiveVersion();
        }

        @Override
        public void writeInactive(String version, InputStream image) throws IOException {
            slots.writeInactive(version, image);
        }

        @Override
        public void tryInactive() {
            System.out.println("fleetline: halting before the switch (--halt-before-switch)");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }

        @Override
        public void confirm() throws IOException {
            slots.confirm();
        }

        @Override
        public void rollBack() throws IOException {
            slots.rollBack();
        }
    }
}
