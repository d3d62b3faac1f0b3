package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** {@code serve --ephemeral}: state in a throw-away directory that nothing outlives, not even {@code kill -9}. */
class EphemeralModeIT {
    private static final String[] FLAGS = {"--ephemeral", "--auth", "permissive", "--http-port", "0", "--mqtt-port", "0",
        "--mqtt-ws-port", "-1", "--device-https-port", "-1"};

    @TempDir
    Path tmp;

    private ServerProcess serve() {
        return ServerProcess.serve(Map.of("TMPDIR", tmp.toString()), FLAGS);
    }

    private Path ephemeralDir(ServerProcess server) {
        String line = server.output().stream().filter(l -> l.startsWith("fleetline: ephemeral data dir ")).findFirst()
                .orElseThrow(() -> new AssertionError("no ephemeral data dir in " + server.output()));
        return Path.of(line.substring("fleetline: ephemeral data dir ".length()).replaceFirst(" \\(.*$", ""));
    }

    private List<Path> leftovers() throws IOException {
        Path base = tmp.resolve("fleetline-ephemeral");
        if (!Files.exists(base)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.toList();
        }
    }

    private static void use(Path data) throws IOException {
        String http = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.resolve("endpoint.json").toFile())
                .path("http").asText();
        try (IotClient iot = IotClient.builder().endpointOverride(URI.create(http)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x")))
                .httpClient(ApacheHttpClient.create()).build()) {
            iot.createThing(r -> r.thingName("dev-1"));
            assertThat(iot.listThings().things()).hasSize(1);
        }
    }

    @Test
    void nothing_is_left_after_sigterm() throws IOException {
        try (ServerProcess server = serve()) {
            assertThat(server.isAlive()).as("output: %s", server.output()).isTrue();
            Path data = ephemeralDir(server);
            assertThat(data).startsWith(tmp);
            use(data);
            assertThat(data.resolve("accounts")).as("the second account's database is in it too").exists();

            server.terminate();
            assertThat(server.waitForExit()).isIn(0, 143);
            assertThat(data).doesNotExist();
            assertThat(leftovers()).isEmpty();
        }
    }

    @Test
    void what_kill_9_leaves_is_swept_by_the_next_start() throws IOException {
        Path killed;
        try (ServerProcess server = serve()) {
            killed = ephemeralDir(server);
            use(killed);
            server.kill();
            server.waitForExit();
        }
        assertThat(killed).as("a killed server cannot clean up after itself").exists();

        try (ServerProcess next = serve()) {
            Path own = ephemeralDir(next);
            assertThat(killed).as("swept at the next start").doesNotExist();
            assertThat(leftovers()).containsExactly(own);
            next.terminate();
            next.waitForExit();
        }
        assertThat(leftovers()).isEmpty();
    }
}
