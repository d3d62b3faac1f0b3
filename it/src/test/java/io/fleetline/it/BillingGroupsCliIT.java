package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/**
 * Billing groups, and the thing group listings that take {@code recursive}, driven by the real AWS CLIs (v2, and a
 * pip v1 where there is one) and the SDK for Java v2: each scenario is one user's session of commands.
 */
abstract class BillingGroupsCliIT {
    private static final String ARN = "arn:aws:iot:us-east-1:000000000000:";
    @TempDir
    Path dir;
    TestServer server;

    abstract Store store();

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
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
    void billing_groups_are_created_described_updated_tagged_and_deleted(AwsCli aws) {
        JsonNode created = ok(aws, "iot", "create-billing-group", "--billing-group-name", "TenantA",
                "--billing-group-properties", "billingGroupDescription=Floor 1 sensors", "--tags", "Key=cost,Value=a");
        assertThat(created.path("billingGroupArn").asText()).isEqualTo(ARN + "billinggroup/TenantA");

        JsonNode described = ok(aws, "iot", "describe-billing-group", "--billing-group-name", "TenantA");
        assertThat(described.path("billingGroupId").asText()).isEqualTo(created.path("billingGroupId").asText());
        assertThat(described.path("version").asLong()).isEqualTo(1);
        assertThat(described.path("billingGroupProperties").path("billingGroupDescription").asText())
                .isEqualTo("Floor 1 sensors");
        assertThat(described.path("billingGroupMetadata").path("creationDate").isMissingNode()).isFalse();
        assertThat(ok(aws, "iot", "list-tags-for-resource", "--resource-arn", ARN + "billinggroup/TenantA")
                .path("tags").toString()).isEqualTo("[{\"Key\":\"cost\",\"Value\":\"a\"}]");

        assertThat(ok(aws, "iot", "update-billing-group", "--billing-group-name", "TenantA",
                "--billing-group-properties", "billingGroupDescription=Floor 2", "--expected-version", "1")
                .path("version").asLong()).isEqualTo(2);
        assertThat(fails(aws, "iot", "update-billing-group", "--billing-group-name", "TenantA",
                "--billing-group-properties", "billingGroupDescription=x", "--expected-version", "1"))
                .isEqualTo("VersionConflictException");
        assertThat(fails(aws, "iot", "create-billing-group", "--billing-group-name", "TenantA",
                "--billing-group-properties", "billingGroupDescription=other"))
                .isEqualTo("ResourceAlreadyExistsException");
        assertThat(fails(aws, "iot", "create-billing-group", "--billing-group-name", "bad/name"))
                .isEqualTo("InvalidRequestException");
        assertThat(fails(aws, "iot", "describe-billing-group", "--billing-group-name", "nope"))
                .isEqualTo("ResourceNotFoundException");

        for (String name : List.of("TenantB", "TenantC", "Lab")) {
            ok(aws, "iot", "create-billing-group", "--billing-group-name", name);
        }
        // --page-size makes the CLI follow nextToken across several requests
        assertThat(names(ok(aws, "iot", "list-billing-groups", "--page-size", "1").path("billingGroups")))
                .containsExactlyInAnyOrder("Lab", "TenantA", "TenantB", "TenantC");
        assertThat(names(ok(aws, "iot", "list-billing-groups", "--name-prefix-filter", "Tenant")
                .path("billingGroups"))).containsExactlyInAnyOrder("TenantA", "TenantB", "TenantC");

        assertThat(fails(aws, "iot", "delete-billing-group", "--billing-group-name", "TenantA",
                "--expected-version", "1")).isEqualTo("VersionConflictException");
        ok(aws, "iot", "delete-billing-group", "--billing-group-name", "TenantA", "--expected-version", "2");
        ok(aws, "iot", "delete-billing-group", "--billing-group-name", "TenantA");
        assertThat(fails(aws, "iot", "describe-billing-group", "--billing-group-name", "TenantA"))
                .isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void a_thing_is_in_one_billing_group_and_describe_thing_names_it(AwsCli aws) {
        ok(aws, "iot", "create-billing-group", "--billing-group-name", "A");
        ok(aws, "iot", "create-billing-group", "--billing-group-name", "B");
        ok(aws, "iot", "create-thing", "--thing-name", "dev-1");
        ok(aws, "iot", "create-thing", "--thing-name", "dev-2", "--billing-group-name", "A");
        ok(aws, "iot", "create-thing", "--thing-name", "dev-3");

        ok(aws, "iot", "add-thing-to-billing-group", "--billing-group-name", "A", "--thing-name", "dev-1");
        ok(aws, "iot", "add-thing-to-billing-group", "--billing-group-arn", ARN + "billinggroup/A",
                "--thing-arn", ARN + "thing/dev-3");
        assertThat(ok(aws, "iot", "describe-thing", "--thing-name", "dev-1").path("billingGroupName").asText())
                .isEqualTo("A");
        assertThat(strings(ok(aws, "iot", "list-things-in-billing-group", "--billing-group-name", "A",
                "--page-size", "2").path("things"))).containsExactly("dev-1", "dev-2", "dev-3");

        ok(aws, "iot", "add-thing-to-billing-group", "--billing-group-name", "B", "--thing-name", "dev-1");
        assertThat(ok(aws, "iot", "describe-thing", "--thing-name", "dev-1").path("billingGroupName").asText())
                .isEqualTo("B");
        assertThat(strings(ok(aws, "iot", "list-things-in-billing-group", "--billing-group-name", "A")
                .path("things"))).containsExactly("dev-2", "dev-3");

        ok(aws, "iot", "remove-thing-from-billing-group", "--billing-group-name", "B", "--thing-name", "dev-1");
        assertThat(ok(aws, "iot", "describe-thing", "--thing-name", "dev-1").has("billingGroupName")).isFalse();
        ok(aws, "iot", "delete-thing", "--thing-name", "dev-2");
        ok(aws, "iot", "delete-billing-group", "--billing-group-name", "A");
        assertThat(ok(aws, "iot", "describe-thing", "--thing-name", "dev-3").has("billingGroupName")).isFalse();

        assertThat(fails(aws, "iot", "add-thing-to-billing-group", "--billing-group-name", "B", "--thing-name", "nope"))
                .isEqualTo("ResourceNotFoundException");
        assertThat(fails(aws, "iot", "add-thing-to-billing-group", "--billing-group-name", "A",
                "--thing-name", "dev-3"))
                .isEqualTo("ResourceNotFoundException");
        assertThat(fails(aws, "iot", "add-thing-to-billing-group", "--billing-group-name", "B"))
                .isEqualTo("InvalidRequestException");
        assertThat(fails(aws, "iot", "add-thing-to-billing-group", "--billing-group-arn", ARN + "thinggroup/B",
                "--thing-name", "dev-3")).isEqualTo("InvalidRequestException");
        assertThat(fails(aws, "iot", "list-things-in-billing-group", "--billing-group-name", "A"))
                .isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void list_operations_follow_recursive_with_and_without_a_parent(AwsCli aws) {
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "Lights");
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "Red", "--parent-group-name", "Lights");
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "DimRed", "--parent-group-name", "Red");
        ok(aws, "iot", "create-thing-group", "--thing-group-name", "Sensors");

        assertThat(groups(aws)).containsExactlyInAnyOrder("DimRed", "Lights", "Red", "Sensors");
        assertThat(groups(aws, "--recursive")).containsExactlyInAnyOrder("DimRed", "Lights", "Red", "Sensors");
        assertThat(groups(aws, "--no-recursive")).containsExactlyInAnyOrder("Lights", "Sensors");
        assertThat(groups(aws, "--parent-group", "Lights", "--no-recursive")).containsExactly("Red");
        assertThat(groups(aws, "--parent-group", "Lights", "--recursive")).containsExactlyInAnyOrder("DimRed", "Red");
        assertThat(groups(aws, "--parent-group", "Lights")).containsExactly("Red");
        assertThat(groups(aws, "--no-recursive", "--name-prefix-filter", "S")).containsExactly("Sensors");
        assertThat(fails(aws, "iot", "list-thing-groups", "--parent-group", "Nope"))
                .isEqualTo("ResourceNotFoundException");

        ok(aws, "iot", "create-thing", "--thing-name", "bulb");
        ok(aws, "iot", "add-thing-to-thing-group", "--thing-group-name", "DimRed", "--thing-name", "bulb");
        assertThat(strings(ok(aws, "iot", "list-things-in-thing-group", "--thing-group-name", "Lights")
                .path("things"))).isEmpty();
        assertThat(strings(ok(aws, "iot", "list-things-in-thing-group", "--thing-group-name", "Lights",
                "--no-recursive").path("things"))).isEmpty();
        assertThat(strings(ok(aws, "iot", "list-things-in-thing-group", "--thing-group-name", "Lights",
                "--recursive").path("things"))).containsExactly("bulb");

        ok(aws, "iot", "create-policy", "--policy-name", "connect", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                        + "\"Resource\":\"*\"}]}");
        ok(aws, "iot", "attach-policy", "--policy-name", "connect", "--target", ARN + "thinggroup/Lights");
        assertThat(ok(aws, "iot", "list-attached-policies", "--target", ARN + "thinggroup/DimRed")
                .path("policies")).isEmpty();
        assertThat(ok(aws, "iot", "list-attached-policies", "--target", ARN + "thinggroup/DimRed", "--recursive")
                .path("policies").get(0).path("policyName").asText()).isEqualTo("connect");
    }

    @Test
    void the_sdk_sees_billing_groups_and_the_thing_in_one() {
        try (IotClient iot = Sdk.iot(server)) {
            iot.createBillingGroup(r -> r.billingGroupName("Tenant")
                    .billingGroupProperties(p -> p.billingGroupDescription("d")));
            iot.createThing(r -> r.thingName("dev").billingGroupName("Tenant"));

            assertThat(iot.describeThing(r -> r.thingName("dev")).billingGroupName()).isEqualTo("Tenant");
            assertThat(iot.listThingsInBillingGroupPaginator(r -> r.billingGroupName("Tenant").maxResults(1))
                    .things()).containsExactly("dev");
            assertThat(iot.describeBillingGroup(r -> r.billingGroupName("Tenant")).billingGroupMetadata()
                    .creationDate()).isNotNull();
            assertThatThrownBy(() -> iot.updateBillingGroup(r -> r
                    .billingGroupName("Tenant").expectedVersion(5L)
                    .billingGroupProperties(p -> p.billingGroupDescription("x"))))
                    .isInstanceOf(VersionConflictException.class);
        }
    }

    private List<String> groups(AwsCli aws, String... flags) {
        List<String> args = new ArrayList<>(List.of("iot", "list-thing-groups"));
        args.addAll(List.of(flags));
        return names(ok(aws, args.toArray(String[]::new)).path("thingGroups"));
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.path("groupName").asText()));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
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
