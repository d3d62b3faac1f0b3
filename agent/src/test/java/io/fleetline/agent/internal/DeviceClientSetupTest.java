package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.Durability;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent prepares for Device Client jobs as it starts, and what its builder refuses. */
class DeviceClientSetupTest {
    @TempDir
    Path dir;
    KeyManagerFactory keys;
    TrustManagerFactory trust;

    @BeforeEach
    void the_jdks_own_stores() throws Exception {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(null, null);
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init((KeyStore) null);
    }

    private AgentSettings settings(Optional<Path> handlers) {
        return new AgentSettings("dev-1", "127.0.0.1", 8883, keys, trust, AgentSettings.https(trust),
                dir.resolve("state"), () -> null, HealthCheck.booted(), Optional.empty(), Optional.empty(), List.of(),
                List.of("echo"), handlers, new AgentListener() {
                }, DownloadTap.none(), new AgentSettings.Firmware(CodeSigners.NONE,
                AgentSettings.Firmware.DEFAULT_MAX_BYTES), Durability.FULL, new Jitter(new Random(1)),
                AgentSettings.Timing.defaults());
    }

    @Test
    void a_missing_handler_directory_under_the_state_directory_is_made_0700_with_the_standard_handlers()
            throws Exception {
        DeviceClientSetup.prepare(settings(Optional.empty()));

        Path handlers = dir.resolve("state/handlers");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(handlers))).isEqualTo("rwx------");
        assertThat(handlers.resolve("download-file.sh")).isExecutable();
        assertThat(handlers.resolve("reboot.sh")).isExecutable();
    }

    @Test
    void the_agents_device_client_handler_makes_its_handlers_when_it_runs_a_job_and_not_before() throws Exception {
        JobHandler handler = DeviceClientSetup.handler(settings(Optional.empty()), () -> {
        });
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(dir.resolve("state")).doesNotExist();

        JobHandler.Outcome outcome = handler.run(new JobContext() {
            @Override
            public String jobId() {
                return "hello-1";
            }

            @Override
            public String document() {
                return "{\"version\": \"1.0\", \"includeStdOut\": true, \"steps\": [{\"action\": {\"name\": \"Greet\", "
                        + "\"type\": \"runCommand\", \"input\": {\"command\": \"echo,hi\"}}}]}";
            }

            @Override
            public long executionNumber() {
                return 1;
            }

            @Override
            public void report(Map<String, String> statusDetails) {
            }

            @Override
            public Path workDirectory() {
                return work;
            }
        });

        assertThat(outcome).isEqualTo(new JobHandler.Outcome.Succeeded(Map.of("reason", "Job exited with status: 0",
                "stdout", "hi")));
        assertThat(dir.resolve("state/handlers/download-file.sh")).isExecutable();
        assertThat(dir.resolve("state").resolve(DeviceClientSetup.SERVER_CA_FILE)).isNotEmptyFile();
    }

    @Test
    void a_handler_directory_that_exists_is_the_devices_and_left_as_it_is() throws Exception {
        Path own = Files.createDirectories(dir.resolve("own"));
        Files.writeString(own.resolve("mine.sh"), "#!/bin/sh\n");

        DeviceClientSetup.prepare(settings(Optional.of(own)));

        try (var files = Files.list(own)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mine.sh");
        }
    }

    @Test
    void the_servers_cas_are_written_as_pem_and_named_to_the_steps() throws Exception {
        AgentSettings settings = settings(Optional.empty());

        DeviceClientSetup.prepare(settings);

        Path pem = dir.resolve("state").resolve(DeviceClientSetup.SERVER_CA_FILE);
        assertThat(DeviceClientSetup.environment(settings)).containsEntry(DeviceClientJobs.SERVER_CA_VARIABLE,
                pem.toAbsolutePath().toString());
        X509Certificate[] trusted = Arrays.stream(trust.getTrustManagers())
                .map(m -> ((X509TrustManager) m).getAcceptedIssuers()).flatMap(Arrays::stream)
                .toArray(X509Certificate[]::new);
        assertThat(trusted).isNotEmpty();
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> read = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(in));
            assertThat(read).containsExactly((Certificate[]) trusted);
        }
    }

    @Test
    void the_builder_refuses_an_allowed_command_that_is_not_a_program_name() {
        DeviceAgent.Builder builder = DeviceAgent.builder().thingName("dev-1").endpoint("127.0.0.1", 8883)
                .tls(keys, trust).stateDirectory(dir).allowedCommands(List.of("rm -rf"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rm -rf");
    }
}
