package io.fleetline.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.simulator.ServerTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLocatorTest {
    @TempDir
    Path data;

    private void serverWroteItsFiles() throws Exception {
        Files.createDirectories(data.resolve("ca"));
        Files.writeString(data.resolve("ca/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(data.resolve("endpoint.json"), """
                {"http": "http://127.0.0.1:18080", "region": "eu-west-1", "caFile": "%s",
                 "mqtts": "mqtts://127.0.0.1:18883"}""".formatted(data.resolve("ca/ca.pem")));
        Files.writeString(data.resolve("credentials"), """
                [default]
                aws_access_key_id = AKIAFLEETLINE0000001
                aws_secret_access_key = s3cr3t
                """);
    }

    @Test
    void finds_the_api_the_mqtt_endpoint_the_ca_and_the_admin_key_in_the_data_directory() throws Exception {
        serverWroteItsFiles();

        ServerTarget target = ServerLocator.locate(data, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(target).isEqualTo(new ServerTarget(URI.create("http://127.0.0.1:18080"), "eu-west-1",
                "AKIAFLEETLINE0000001", "s3cr3t", "127.0.0.1", 18883, data.resolve("ca/ca.pem")));
    }

    @Test
    void flags_take_precedence_over_the_data_directory() throws Exception {
        serverWroteItsFiles();

        ServerTarget target = ServerLocator.locate(data, Optional.of("http://10.0.0.5:8080"), Optional.of("us-west-2"),
                Optional.of("iot.example:9883"), Optional.empty());

        assertThat(target.apiUrl()).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(target.region()).isEqualTo("us-west-2");
        assertThat(target.mqttHost()).isEqualTo("iot.example");
        assertThat(target.mqttPort()).isEqualTo(9883);
    }

    @Test
    void says_what_is_missing_when_there_is_no_server_to_be_found() throws Exception {
        assertThatThrownBy(() -> ServerLocator.locate(data, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())).isInstanceOf(ServerLocator.NotFound.class)
                .hasMessageContaining("endpoint.json is missing; give --endpoint-url");
        assertThatThrownBy(() -> ServerLocator.locate(data, Optional.of("http://127.0.0.1:1"), Optional.empty(),
                Optional.of("127.0.0.1:8883"), Optional.empty())).isInstanceOf(ServerLocator.NotFound.class)
                .hasMessageContaining("cannot be read; give --ca");
        serverWroteItsFiles();
        assertThatThrownBy(() -> ServerLocator.locate(data, Optional.empty(), Optional.empty(),
                Optional.of("no-port"), Optional.empty())).hasMessageContaining("'no-port' is not host:port");
    }
}
