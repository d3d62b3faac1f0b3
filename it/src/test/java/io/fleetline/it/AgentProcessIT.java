package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.BootSlots;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code fleetline agent} as a process of its own: killed (halted, as {@code kill -9} would) after it wrote the new
 * image to the inactive slot and before it switched, then started again on the same state directory, it switches,
 * reboots, confirms and reports SUCCEEDED; the device boots the new image, confirmed. The code-signing certificate is
 * the one at the path the job document names, which lies in the agent's certificate directory
 * ({@code --code-signing-cert DIR --trust-document-certificate-path}).
 */
class AgentProcessIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";

    @Test
    void an_agent_process_killed_between_writing_the_slot_and_switching_completes_when_started_again(
            @TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        byte[] image = new byte[48 * 1024 + 1];
        new Random(5).nextBytes(image);
        try (TestServer server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock,
                c -> c.withMqtt(m -> m.withPort(0)).withHttp(h -> h.withDeviceHttpsPort(0)));
             IotClient iot = Sdk.iot(server); S3Client s3 = Sdk.s3(server)) {
            s3.createBucket(r -> r.bucket("fw-images"));
            s3.putBucketVersioning(r -> r.bucket("fw-images").versioningConfiguration(v -> v.status("Enabled")));
            String version = s3.putObject(r -> r.bucket("fw-images").key("app.bin"), RequestBody.fromBytes(image))
                    .versionId();
            iot.createPolicy(r -> r.policyName("ota-devices").policyDocument(OtaUpdateIT.POLICY));
            DeviceIdentity identity = Sdk.thingDevice(iot, "gw-1", "ota-devices");
            Path[] files = identity.writeTo(dir, "gw-1");
            CodeSigningCert signer = CodeSigningCert.create("fw-signer");
            Path signers = Files.createDirectories(dir.resolve("code-signers"));
            Files.writeString(signers.resolve("other.crt"), CodeSigningCert.create("other").certificatePem());
            Path signerFile = Files.writeString(signers.resolve("fw-signer.crt"), signer.certificatePem());
            String document = AgentFaultsIT.plainDocument(version, image, signer.sign(image), "2.1.0",
                    signerFile.toString());
            String thingArn = iot.describeThing(r -> r.thingName("gw-1")).thingArn();
            iot.createJob(r -> r.jobId("fw-2-1-0").targets(thingArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(ROLE).expiresInSec(1800L)));
            server.tickJobs();
            Path state = dir.resolve("agent-state");
            List<String> command = List.of("--endpoint", "127.0.0.1:" + server.mqttsPort(), "--cert", files[0].toString(),
                    "--key", files[1].toString(), "--ca", server.caFile().toString(), "--thing", "gw-1",
                    "--state-dir", state.toString(), "--code-signing-cert", signers.toString(),
                    "--trust-document-certificate-path");

            AgentProcess halted = AgentProcess.start(command, "--halt-before-switch");
            try (halted) {
                assertThat(halted.waitForExit()).as(String.join("\n", halted.output)).isEqualTo(137);
            }

            BootSlots afterKill = BootSlots.directory(state.resolve("slots"), "1.0.0");
            assertThat(afterKill.runningVersion()).isEqualTo("1.0.0");
            assertThat(afterKill.inactiveVersion()).contains("2.1.0");
            assertThat(afterKill.onTrial()).isFalse();
            var during = iot.describeJobExecution(r -> r.jobId("fw-2-1-0").thingName("gw-1")).execution();
            assertThat(during.statusAsString()).isEqualTo("IN_PROGRESS");
            assertThat(during.statusDetails().detailsMap()).containsEntry("step", "applying");

            try (AgentProcess again = AgentProcess.start(command)) {
                again.await(line -> line.contains("fw-2-1-0: SUCCEEDED"), 60);
            }
            var execution = iot.describeJobExecution(r -> r.jobId("fw-2-1-0").thingName("gw-1")).execution();
            assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "confirmed")
                    .containsEntry("firmware", "2.1.0");
            BootSlots booted = BootSlots.directory(state.resolve("slots"), "1.0.0");
            assertThat(booted.runningVersion()).isEqualTo("2.1.0");
            assertThat(booted.onTrial()).isFalse();
        }
    }

    /** {@code fleetline agent} in a JVM of its own (this one's class path), its output kept line by line. */
    private static final class AgentProcess implements AutoCloseable {
        final Process process;
        final List<String> output = Collections.synchronizedList(new ArrayList<>());
        private final List<CompletableFuture<String>> waiting = new ArrayList<>();
        private final List<Predicate<String>> conditions = new ArrayList<>();

        private AgentProcess(Process process) {
            this.process = process;
            Thread.ofVirtual().start(this::drain);
        }

        static AgentProcess start(List<String> flags, String... more) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "io.fleetline.server.Main", "agent"));
            command.addAll(flags);
            command.addAll(List.of(more));
            return new AgentProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void drain() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    synchronized (waiting) {
                        for (int i = 0; i < conditions.size(); i++) {
                            if (conditions.get(i).test(line)) {
                                waiting.get(i).complete(line);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }

        void await(Predicate<String> condition, long seconds) throws Exception {
            CompletableFuture<String> seen = new CompletableFuture<>();
            synchronized (waiting) {
                conditions.add(condition);
                waiting.add(seen);
                output.stream().filter(condition).findFirst().ifPresent(seen::complete);
            }
            try {
                seen.get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the agent did not print it; it printed:\n" + String.join("\n", output), e);
            }
        }

        int waitForExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the agent did not exit; it printed:\n" + String.join("\n", output));
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
