package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry driven by the real AWS CLIs: Debian's v2 ({@code /usr/bin/aws}, required) and a pip v1 on
 * the PATH where there is one. Each scenario is one user's session of commands.
 */
abstract class RegistryCliIT {
    @TempDir
    Path dir;
    TestServer server;

    abstract Store store();

    static Stream<AwsCli> clis() {
        List<AwsCli> clis = new ArrayList<>();
        clis.add(AwsCli.v2().orElseThrow(() -> new AssertionError(
                "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is needed; .ci/run installs it")));
        AwsCli.v1().ifPresent(clis::add);
        return clis.stream();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(store(), dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_quick_start_and_thing_commands(AwsCli aws) {
        ok(aws, "iot", "create-thing-type", "--thing-type-name", "sensor");
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "ProductionDevices", "--thing-group-properties",
                "thingGroupDescription=\"Production devices\",attributePayload={attributes={environment=production}}");
        JsonNode created = ok(aws, "iot", "create-thing", "--thing-name", "dev-1", "--thing-type-name", "sensor",
                "--attribute-payload", "attributes={firmwareVersion=v2.0.0,location=floor-1}");
        ok(aws, "iot", "add-thing-to-thing-group", "--thing-group-name", "ProductionDevices", "--thing-name", "dev-1");

        assertThat(ok(aws, "iot", "list-things-in-thing-group", "--thing-group-name", "ProductionDevices")
                .path("things").toString()).isEqualTo("[\"dev-1\"]");
        JsonNode thing = ok(aws, "iot", "describe-thing", "--thing-name", "dev-1");
        assertThat(thing.path("thingId").asText()).isEqualTo(created.path("thingId").asText());
        assertThat(thing.path("thingArn").asText()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/dev-1");
        assertThat(thing.path("attributes").path("firmwareVersion").asText()).isEqualTo("v2.0.0");
        assertThat(thing.path("version").asLong()).isEqualTo(1);

        ok(aws, "iot", "update-thing", "--thing-name", "dev-1", "--expected-version", "1",
                "--attribute-payload", "{\"attributes\":{\"location\":\"\",\"updateStatus\":\"success\"},\"merge\":true}");
        thing = ok(aws, "iot", "describe-thing", "--thing-name", "dev-1");
        assertThat(thing.path("attributes").has("location")).isFalse();
        assertThat(thing.path("attributes").path("updateStatus").asText()).isEqualTo("success");
        assertThat(thing.path("version").asLong()).isEqualTo(2);

        for (int i = 1; i <= 4; i++) {
            ok(aws, "iot", "create-thing", "--thing-name", "extra-" + i, "--attribute-payload",
                    "attributes={wattage=" + (i % 2 == 0 ? "75" : "60") + "}");
        }
        // --page-size makes the CLI follow nextToken across several requests
        assertThat(ok(aws, "iot", "list-things", "--page-size", "2").path("things")).hasSize(5);
        assertThat(ok(aws, "iot", "list-things", "--attribute-name", "wattage", "--attribute-value", "75")
                .path("things")).extracting(t -> t.path("thingName").asText()).containsExactly("extra-2", "extra-4");
        assertThat(ok(aws, "iot", "list-things", "--thing-type-name", "sensor").path("things")).hasSize(1);

        ok(aws, "iot", "remove-thing-from-thing-group", "--thing-group-name", "ProductionDevices", "--thing-name", "dev-1");
        ok(aws, "iot", "delete-thing", "--thing-name", "dev-1");
        assertThat(fails(aws, "iot", "describe-thing", "--thing-name", "dev-1")).isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void thing_types_groups_tags_and_endpoint(AwsCli aws) {
        ok(aws, "iot", "create-thing-type", "--thing-type-name", "LightBulb", "--thing-type-properties",
                "thingTypeDescription=light bulb type, searchableAttributes=wattage,model");
        assertThat(ok(aws, "iot", "list-thing-types").path("thingTypes").get(0)
                .path("thingTypeProperties").path("searchableAttributes")).hasSize(2);
        ok(aws, "iot", "deprecate-thing-type", "--thing-type-name", "LightBulb");
        JsonNode type = ok(aws, "iot", "describe-thing-type", "--thing-type-name", "LightBulb");
        assertThat(type.path("thingTypeMetadata").path("deprecated").asBoolean()).isTrue();
        assertThat(fails(aws, "iot", "create-thing", "--thing-name", "b", "--thing-type-name", "LightBulb"))
                .isEqualTo("InvalidRequestException");
        ok(aws, "iot", "deprecate-thing-type", "--thing-type-name", "LightBulb", "--undo-deprecate");
        ok(aws, "iot", "create-thing", "--thing-name", "b", "--thing-type-name", "LightBulb");

        ok(aws, "iot", "create-thing-group", "--thing-group-name", "LightBulbs");
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "RedLights", "--parent-group-name", "LightBulbs");
        JsonNode red = ok(aws, "iot", "describe-thing-group", "--thing-group-name", "RedLights");
        assertThat(red.path("thingGroupMetadata").path("parentGroupName").asText()).isEqualTo("LightBulbs");
        assertThat(ok(aws, "iot", "list-thing-groups", "--parent-group", "LightBulbs", "--recursive")
                .path("thingGroups")).extracting(g -> g.path("groupName").asText()).containsExactly("RedLights");
        ok(aws, "iot", "update-thing-groups-for-thing", "--thing-name", "b", "--thing-groups-to-add", "RedLights");
        assertThat(ok(aws, "iot", "list-things-in-thing-group", "--thing-group-name", "LightBulbs", "--recursive")
                .path("things").toString()).isEqualTo("[\"b\"]");
        assertThat(ok(aws, "iot", "list-thing-groups-for-thing", "--thing-name", "b").path("thingGroups")).hasSize(2);
        assertThat(ok(aws, "iot", "update-thing-group", "--thing-group-name", "RedLights", "--thing-group-properties",
                "thingGroupDescription=red").path("version").asLong()).isEqualTo(2);
        assertThat(fails(aws, "iot", "delete-thing-group", "--thing-group-name", "LightBulbs"))
                .isEqualTo("InvalidRequestException");

        String arn = "arn:aws:iot:us-east-1:000000000000:thing/b";
        ok(aws, "iot", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=prod", "Key=team,Value=a");
        ok(aws, "iot", "untag-resource", "--resource-arn", arn, "--tag-keys", "team");
        assertThat(ok(aws, "iot", "list-tags-for-resource", "--resource-arn", arn).path("tags").toString())
                .isEqualTo("[{\"Key\":\"env\",\"Value\":\"prod\"}]");
        assertThat(ok(aws, "iot", "describe-endpoint", "--endpoint-type", "iot:Data-ATS").path("endpointAddress")
                .asText()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void bad_input_gets_aws_error_types(AwsCli aws) {
        ok(aws, "iot", "create-thing", "--thing-name", "t", "--attribute-payload", "attributes={a=1}");

        assertThat(fails(aws, "iot", "create-thing", "--thing-name", "t", "--attribute-payload", "attributes={a=2}"))
                .isEqualTo("ResourceAlreadyExistsException");
        assertThat(fails(aws, "iot", "describe-thing", "--thing-name", "we ird/x")).isEqualTo("InvalidRequestException");
        assertThat(fails(aws, "iot", "update-thing", "--thing-name", "t", "--expected-version", "9",
                "--thing-type-name", "x")).isEqualTo("VersionConflictException");
        assertThat(fails(aws, "iot", "describe-thing-group", "--thing-group-name", "nope"))
                .isEqualTo("ResourceNotFoundException");
        AwsCli.Result unsigned = aws.runUnsigned(server, "iot", "list-things");
        assertThat(unsigned.ok()).isFalse();
        assertThat(unsigned.errorCode()).isEqualTo("MissingAuthenticationTokenException");
    }

    private JsonNode ok(AwsCli aws, String... args) {
        return aws.run(server, args).json();
    }

    /** Runs a command that must fail and answers the AWS error code it printed. */
    private String fails(AwsCli aws, String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.ok()).as("aws %s should fail; printed %s", String.join(" ", args), result.stdout()).isFalse();
        return result.errorCode();
    }
}
