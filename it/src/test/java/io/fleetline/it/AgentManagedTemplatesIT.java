package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scenario 8 of the device-side issue: jobs from AWS's managed templates and Device Client documents, created with the
 * real AWS CLI v2 and carried out by Fleetline's device agent over mutual TLS. AWS-Download-File fetches a presigned
 * URL of Fleetline's own S3 over the device HTTPS port (trusting the server's CA the agent hands its steps);
 * AWS-Reboot reboots through the agent's {@code Reboot} and succeeds after the restart; a {@code runCommand} outside
 * the allow-list is refused with the reason, and an allowed one reports its stdout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentManagedTemplatesIT {
    private static final String DOWNLOAD = "arn:aws:iot:us-east-1::jobtemplate/AWS-Download-File:1.0";
    private static final String REBOOT = "arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0";
    private static final String ROLE = "arn:aws:iam::000000000000:role/jobs";
    private static final List<String> ALLOWED = List.of("echo");

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Path dir;
    TestServer server;
    IotClient iot;
    AwsCli aws;
    final List<AgentDevice> devices = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        aws = AwsCli.v2().orElseThrow(() -> new IllegalStateException("the AWS CLI v2 is not at /usr/bin/aws"));
        server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("devices").policyDocument(OtaUpdateIT.POLICY));
    }

    @AfterAll
    void stop() {
        devices.forEach(AgentDevice::close);
        for (AutoCloseable c : new AutoCloseable[] {iot, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the rest matter more
            }
        }
    }

    /** An agent on a new thing, allowed to run {@code echo}, with the handlers it installs in its state directory. */
    private AgentDevice agent(String thing, DeviceIdentity identity, Path state, Counting reboot) throws Exception {
        AgentDevice device = new AgentDevice(server, identity, thing, state,
                b -> b.allowedCommands(ALLOWED).reboot(reboot).bootId(reboot.boot));
        devices.add(device);
        return device.start();
    }

    private String thingArn(String thing) {
        return iot.describeThing(r -> r.thingName(thing)).thingArn();
    }

    /** Creates a job with the CLI and releases it. */
    private void createJob(String... args) {
        List<String> all = new ArrayList<>(List.of("iot", "create-job"));
        all.addAll(List.of(args));
        AwsCli.Result created = aws.run(server, all.toArray(String[]::new));
        assertThat(created.ok()).as(created.stderr()).isTrue();
        server.tickJobs();
    }

    /** The execution as DescribeJobExecution shows it (through the SDK: the CLI's start-up is slow on a busy box). */
    private JobExecution execution(String jobId, String thing) {
        return iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
    }

    @Test
    void aws_download_file_fetches_a_presigned_url_of_fleetlines_s3_over_the_device_port() throws Exception {
        byte[] file = new byte[200_000];
        new Random(8).nextBytes(file);
        try (S3Client s3 = Sdk.s3(server)) {
            s3.createBucket(r -> r.bucket("device-files"));
            s3.putObject(r -> r.bucket("device-files").key("conf/app.conf"), RequestBody.fromBytes(file));
        }
        DeviceIdentity identity = Sdk.thingDevice(iot, "pi-download", "devices");
        AgentDevice device = agent("pi-download", identity, dir.resolve("pi-download"), new Counting());
        Path target = Files.createDirectories(dir.resolve("device-root")).resolve("app.conf");

        // as JSON: the CLI's shorthand cannot hold the placeholder's braces
        createJob("--job-id", "download-1", "--targets", thingArn("pi-download"), "--job-template-arn", DOWNLOAD,
                "--document-parameters", """
                        {"downloadUrl": "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/device-files/\
                        conf/app.conf}", "filePath": "%s"}""".formatted(target),
                "--presigned-url-config", "roleArn=" + ROLE + ",expiresInSec=1800");
        AgentDevice.Ended end = device.awaitEnd("download-1", 45);

        assertThat(end.status()).as(end.details().toString()).isEqualTo("SUCCEEDED");
        assertThat(target).hasBinaryContent(file);
        JobExecution execution = execution("download-1", "pi-download");
        assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(execution.statusDetails().detailsMap().get("reason"))
                .isEqualTo("Job exited with status: 0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pi-download/handlers"))))
                .as("the handler directory the agent made").isEqualTo("rwx------");
    }

    @Test
    void aws_reboot_reboots_through_the_agent_once_and_succeeds_after_the_restart() throws Exception {
        DeviceIdentity identity = Sdk.thingDevice(iot, "pi-reboot", "devices");
        Path state = dir.resolve("pi-reboot");
        Counting beforeReboot = new Counting();
        AgentDevice first = agent("pi-reboot", identity, state, beforeReboot);

        createJob("--job-id", "reboot-1", "--targets", thingArn("pi-reboot"), "--job-template-arn", REBOOT);
        beforeReboot.rebooted.get(45, TimeUnit.SECONDS);
        assertThat(execution("reboot-1", "pi-reboot").statusAsString()).as("not done before the restart")
                .isEqualTo("IN_PROGRESS");
        first.close();  // the device went down; its supervisor starts the agent again after the boot
        Counting afterReboot = new Counting();
        AgentDevice again = agent("pi-reboot", identity, state, afterReboot);
        AgentDevice.Ended end = again.awaitEnd("reboot-1", 45);

        assertThat(end.status()).as(end.details().toString()).isEqualTo("SUCCEEDED");
        assertThat(beforeReboot.count.get() + afterReboot.count.get()).as("reboots").isEqualTo(1);
        JobExecution execution = execution("reboot-1", "pi-reboot");
        assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(execution.statusDetails().detailsMap().get("reason"))
                .isEqualTo("Job exited with status: 0");
    }

    @Test
    void a_run_command_outside_the_allow_list_is_rejected_with_the_command_and_the_list() throws Exception {
        DeviceIdentity identity = Sdk.thingDevice(iot, "pi-refuse", "devices");
        AgentDevice device = agent("pi-refuse", identity, dir.resolve("pi-refuse"), new Counting());
        Path victim = Files.createDirectories(dir.resolve("victim"));

        createJob("--job-id", "wipe-1", "--targets", thingArn("pi-refuse"), "--document", """
                {"version": "1.0", "steps": [{"action": {"name": "Wipe", "type": "runCommand",
                  "input": {"command": "rm,-rf,%s"}}}]}""".formatted(victim));
        AgentDevice.Ended end = device.awaitEnd("wipe-1", 45);

        assertThat(end.status()).isEqualTo("REJECTED");
        assertThat(victim).exists();
        JobExecution execution = execution("wipe-1", "pi-refuse");
        assertThat(execution.statusAsString()).isEqualTo("REJECTED");
        assertThat(execution.statusDetails().detailsMap().get("reason")).isEqualTo(
                "command rm is not in the allow-list of this agent (step Wipe); allowed: echo");
    }

    @Test
    void an_allowed_run_command_succeeds_with_its_stdout_in_the_status_details() throws Exception {
        DeviceIdentity identity = Sdk.thingDevice(iot, "pi-echo", "devices");
        AgentDevice device = agent("pi-echo", identity, dir.resolve("pi-echo"), new Counting());

        createJob("--job-id", "hello-1", "--targets", thingArn("pi-echo"), "--document", """
                {"version": "1.0", "includeStdOut": "true", "steps": [{"action": {"name": "Greet",
                  "type": "runCommand", "input": {"command": "echo,hello\\\\, fleet"}}}]}""");
        AgentDevice.Ended end = device.awaitEnd("hello-1", 45);

        assertThat(end.status()).as(end.details().toString()).isEqualTo("SUCCEEDED");
        JobExecution execution = execution("hello-1", "pi-echo");
        assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(execution.statusDetails().detailsMap()).containsEntry("stdout", "hello, fleet")
                .containsEntry("reason", "Job exited with status: 0");
    }

    /**
     * The device's reboot: counted; the agent stops after it, as a device going down. Each one stands for a boot of
     * the device, named for the agent ({@code bootId}) as the kernel's boot id names a real one.
     */
    private static final class Counting implements io.fleetline.agent.Reboot {
        final String boot = "boot-" + java.util.UUID.randomUUID();
        final AtomicInteger count = new AtomicInteger();
        final CompletableFuture<Void> rebooted = new CompletableFuture<>();

        @Override
        public void reboot() {
            count.incrementAndGet();
            rebooted.complete(null);
        }
    }
}
