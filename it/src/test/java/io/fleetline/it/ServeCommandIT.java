package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** {@code fleetline serve} as a process: start-up files, failures to start, SIGTERM, restart. */
class ServeCommandIT {
    @TempDir
    Path dir;

    @Test
    void start_writes_endpoint_and_cli_credentials_and_sigterm_stops_cleanly() throws IOException {
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.serve("--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0")) {
            assertThat(server.isAlive()).as("output: %s", server.output()).isTrue();
            JsonNode endpoint = ServerProcess.endpoint(data);
            assertThat(endpoint.path("http").asText()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(endpoint.path("region").asText()).isEqualTo("us-east-1");
            assertThat(endpoint.path("accountId").asText()).isEqualTo("000000000000");
            assertThat(endpoint.path("mqtts").asText()).matches("mqtts://127\\.0\\.0\\.1:\\d+");
            assertThat(Path.of(endpoint.path("caFile").asText())).exists();
            assertThat(server.output()).anyMatch(line -> line.contains(endpoint.path("http").asText()));
            assertThat(Files.readString(data.resolve("credentials"))).contains("aws_access_key_id = AKIA");
            assertThat(Files.getPosixFilePermissions(data.resolve("credentials")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(data.resolve("config"))).contains("region = us-east-1");

            server.terminate();
            assertThat(server.waitForExit()).isIn(0, 143);
            assertThat(data.resolve("endpoint.json")).doesNotExist();
        }
    }

    @Test
    void what_was_written_is_there_after_a_restart() {
        Path data = dir.resolve("data");
        try (ServerProcess first = ServerProcess.serve("--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0")) {
            try (IotClient iot = client(data)) {
                iot.createThingGroup(r -> r.thingGroupName("ProductionDevices"));
                iot.createThing(r -> r.thingName("dev-1").attributePayload(a -> a.attributes(java.util.Map.of("k", "v"))));
                iot.addThingToThingGroup(r -> r.thingGroupName("ProductionDevices").thingName("dev-1"));
            }
            first.terminate();
            first.waitForExit();
        }
        try (ServerProcess second = ServerProcess.serve("--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0");
             IotClient iot = client(data)) {
            assertThat(iot.describeThing(r -> r.thingName("dev-1")).attributes()).containsEntry("k", "v");
            assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("ProductionDevices")).things())
                    .containsExactly("dev-1");
            second.terminate();
        }
    }

    @Test
    void a_taken_port_is_one_clear_line_and_a_non_zero_exit() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerProcess server = ServerProcess.serve("--data-dir", dir.resolve("data").toString(),
                     "--http-port", Integer.toString(taken.getLocalPort()), "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0")) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(reasons(server.output())).singleElement().asString()
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void an_unwritable_data_dir_is_refused() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (ServerProcess server = ServerProcess.serve("--data-dir", file.resolve("data").toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0")) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(reasons(server.output())).singleElement().asString().contains("is not writable");
        }
    }

    @Test
    void an_unreachable_database_is_refused() {
        try (ServerProcess server = ServerProcess.serve("--data-dir", dir.resolve("data").toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0",
                "--db-url", "jdbc:postgresql://127.0.0.1:1/nothing?user=x")) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(reasons(server.output())).singleElement().asString().contains("cannot open database");
        }
    }

    @Test
    void invalid_settings_are_refused_before_starting() {
        try (ServerProcess server = ServerProcess.serve("--data-dir", dir.resolve("data").toString(),
                "--account-id", "12345", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0")) {
            assertThat(server.waitForExit()).isEqualTo(2);
            assertThat(server.output()).anyMatch(line -> line.contains("12 digits"));
        }
    }

    private static List<String> reasons(List<String> output) {
        return output.stream().filter(line -> line.startsWith("fleetline: cannot start")).toList();
    }

    /** A client configured the way the README says: from the files the server wrote. */
    static IotClient client(Path data) {
        JsonNode endpoint = ServerProcess.endpoint(data);
        ProfileFile credentials = ProfileFile.builder().content(data.resolve("credentials"))
                .type(ProfileFile.Type.CREDENTIALS).build();
        return IotClient.builder()
                .endpointOverride(URI.create(endpoint.path("http").asText()))
                .region(Region.of(endpoint.path("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(credentials).build())
                .httpClient(ApacheHttpClient.create())
                .build();
    }
}
