package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TargetSelection;
import software.amazon.awssdk.services.iot.model.VersionConflictException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Dynamic thing groups as an AWS user drives them (SDK for Java v2, the AWS CLIs): membership that follows the fleet
 * as things change and devices report, AWS's refusals, the ten-groups rule with {@code overrideDynamicGroups}, and
 * rollouts that follow the fleet's real state — a CONTINUOUS job on a dynamic group reaching a device over MQTT the
 * moment its report makes it match, and leaving it when it stops matching.
 */
class DynamicThingGroupsIT {
    private static final String ARN = "arn:aws:iot:us-east-1:000000000000:";
    private static final String STALE = "shadow.reported.firmwareVersion < 2.1";
    private static final String DEVICE_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/*"}
            ]}""";
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    TestServer server;

    /** The database the server keeps its state in; {@link PostgresDynamicThingGroupsIT} runs the suite on PostgreSQL. */
    Store store() {
        return Store.SQLITE;
    }

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeEach
    void start(TestInfo test) {
        // the broker only for the device's test: it adds seconds to a start
        server = test.getTestMethod().orElseThrow().getName().contains("reaches_a_device")
                ? TestServer.start(store(), dir, clock, c -> c.withMqtt(m -> m.withPort(0)))
                : TestServer.start(store(), dir, clock, c -> c);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Six things {@code t0}..{@code t5} on floor {@code i % 2}; indexing of registry and shadows on. */
    private static void fleet(IotClient iot) {
        iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("REGISTRY_AND_SHADOW")
                .thingConnectivityIndexingMode("STATUS")));
        for (int i = 0; i < 6; i++) {
            int n = i;
            iot.createThing(r -> r.thingName("t" + n).attributePayload(a -> a.attributes(Map.of("floor",
                    String.valueOf(n % 2)))));
        }
    }

    @Test
    void a_dynamic_group_follows_the_fleet_as_attributes_change_and_devices_report() {
        try (IotClient iot = Sdk.iot(server); IotDataPlaneClient data = Sdk.data(server)) {
            fleet(iot);
            var created = iot.createDynamicThingGroup(r -> r.thingGroupName("floor-1").queryString("attributes.floor:1")
                    .thingGroupProperties(p -> p.thingGroupDescription("odd ones")));
            assertThat(created.thingGroupArn()).isEqualTo(ARN + "thinggroup/floor-1");
            assertThat(created.indexName()).isEqualTo("AWS_Things");
            assertThat(created.queryVersion()).isEqualTo("2017-09-30");
            assertThat(members(iot, "floor-1")).as("filled from the index when made").containsExactly("t1", "t3", "t5");

            DescribeThingGroupResponse described = iot.describeThingGroup(r -> r.thingGroupName("floor-1"));
            assertThat(described.queryString()).isEqualTo("attributes.floor:1");
            assertThat(described.indexName()).isEqualTo("AWS_Things");
            assertThat(described.statusAsString()).isEqualTo("ACTIVE");
            assertThat(described.thingGroupProperties().thingGroupDescription()).isEqualTo("odd ones");
            assertThat(iot.listThingGroupsForThing(r -> r.thingName("t3")).thingGroups())
                    .extracting(GroupNameAndArn::groupName).containsExactly("floor-1");
            assertThat(iot.listThingGroups(r -> { }).thingGroups()).extracting(GroupNameAndArn::groupName)
                    .contains("floor-1");

            // a thing that changes floor moves at once; a new thing joins; a deleted one leaves
            iot.updateThing(r -> r.thingName("t0").attributePayload(a -> a.attributes(Map.of("floor", "1"))));
            iot.updateThing(r -> r.thingName("t1").attributePayload(a -> a.attributes(Map.of("floor", "2"))));
            iot.createThing(r -> r.thingName("t6").attributePayload(a -> a.attributes(Map.of("floor", "1"))));
            iot.deleteThing(r -> r.thingName("t5"));
            assertThat(members(iot, "floor-1")).containsExactly("t0", "t3", "t6");

            // the guide's example: devices with firmware older than 2.1, as they report
            iot.createDynamicThingGroup(r -> r.thingGroupName("stale-fw").queryString(STALE));
            assertThat(members(iot, "stale-fw")).as("no thing has reported yet").isEmpty();
            report(data, "t2", 2.0);
            report(data, "t4", 1.9);
            report(data, "t6", 2.3);
            assertThat(members(iot, "stale-fw")).containsExactly("t2", "t4");
            report(data, "t2", 2.1);
            assertThat(members(iot, "stale-fw")).as("t2 updated its firmware").containsExactly("t4");
            data.deleteThingShadow(r -> r.thingName("t4"));
            assertThat(members(iot, "stale-fw")).as("t4's shadow is gone").isEmpty();
            assertThat(iot.searchIndex(r -> r.queryString("thingGroupNames:floor-1")).things())
                    .as("the index keeps static groups only").isEmpty();

            // a new query: the membership follows before the answer; the version moves; a stale version is refused
            long version = iot.updateDynamicThingGroup(r -> r.thingGroupName("floor-1").queryString("attributes.floor:0")
                    .thingGroupProperties(p -> p.thingGroupDescription("even ones"))).version();
            assertThat(version).isEqualTo(2);
            assertThat(members(iot, "floor-1")).containsExactly("t2", "t4");
            assertThat(iot.describeThingGroup(r -> r.thingGroupName("floor-1")).queryString())
                    .isEqualTo("attributes.floor:0");
            assertThatThrownBy(() -> iot.updateDynamicThingGroup(r -> r.thingGroupName("floor-1").expectedVersion(1L)
                    .thingGroupProperties(p -> p.thingGroupDescription("x")))).isInstanceOf(VersionConflictException.class);

            // the state survives a restart, and the membership still follows the fleet after it
            server = server.restart();
            try (IotClient again = Sdk.iot(server)) {
                assertThat(members(again, "floor-1")).containsExactly("t2", "t4");
                again.updateThing(r -> r.thingName("t3").attributePayload(a -> a.attributes(Map.of("floor", "0"))));
                assertThat(members(again, "floor-1")).containsExactly("t2", "t3", "t4");

                again.deleteDynamicThingGroup(r -> r.thingGroupName("floor-1"));
                assertThatThrownBy(() -> again.describeThingGroup(r -> r.thingGroupName("floor-1")))
                        .isInstanceOf(ResourceNotFoundException.class);
                assertThat(again.listThingGroupsForThing(r -> r.thingName("t3")).thingGroups()).isEmpty();
                again.deleteDynamicThingGroup(r -> r.thingGroupName("floor-1"));  // gone already: no error
            }
        }
    }

    @Test
    void dynamic_groups_refuse_what_aws_refuses() {
        try (IotClient iot = Sdk.iot(server)) {
            assertThatThrownBy(() -> iot.createDynamicThingGroup(r -> r.thingGroupName("early").queryString("thingName:a*")))
                    .as("fleet indexing is off").isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("UpdateIndexingConfiguration");
            fleet(iot);
            iot.createThingGroup(r -> r.thingGroupName("static"));
            assertThatThrownBy(() -> iot.createDynamicThingGroup(r -> r.thingGroupName("bad").queryString("attributes.floor:(")))
                    .isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> iot.createDynamicThingGroup(r -> r.thingGroupName("bad").queryString("thingName:a")
                    .indexName("other"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> iot.createDynamicThingGroup(r -> r.thingGroupName("bad").queryString("thingName:a")
                    .queryVersion("2099-01-01"))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.createDynamicThingGroup(r -> r.thingGroupName("static").queryString("thingName:a")))
                    .as("the name is a static group's").hasMessageContaining("already exists");
            iot.createDynamicThingGroup(r -> r.thingGroupName("odd").queryString("attributes.floor:1"));

            assertThatThrownBy(() -> iot.addThingToThingGroup(r -> r.thingGroupName("odd").thingName("t0")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("dynamic");
            assertThatThrownBy(() -> iot.removeThingFromThingGroup(r -> r.thingGroupName("odd").thingName("t1")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.createThingGroup(r -> r.thingGroupName("child").parentGroupName("odd")))
                    .as("no hierarchy").isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.deleteThingGroup(r -> r.thingGroupName("odd")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("DeleteDynamicThingGroup");
            assertThatThrownBy(() -> iot.updateThingGroup(r -> r.thingGroupName("odd")
                    .thingGroupProperties(p -> p.thingGroupDescription("x")))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.updateDynamicThingGroup(r -> r.thingGroupName("static")
                    .thingGroupProperties(p -> p.thingGroupDescription("x")))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.deleteDynamicThingGroup(r -> r.thingGroupName("static")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.updateDynamicThingGroup(r -> r.thingGroupName("odd").queryString("a:(")
                    .thingGroupProperties(p -> p.thingGroupDescription("x")))).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                    .thingIndexingMode("OFF")))).as("the dynamic group needs the index")
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(members(iot, "odd")).as("nothing refused changed the membership").containsExactly("t1", "t3", "t5");
            assertThat(iot.describeThingGroup(r -> r.thingGroupName("static")).thingGroupProperties()
                    .thingGroupDescription()).isNull();

            iot.deleteDynamicThingGroup(r -> r.thingGroupName("odd"));
            iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("OFF")));
        }
    }

    @Test
    void dynamic_groups_count_toward_a_things_ten_and_override_makes_room() {
        try (IotClient iot = Sdk.iot(server)) {
            fleet(iot);
            iot.createDynamicThingGroup(r -> r.thingGroupName("z-odd").queryString("attributes.floor:1"));
            for (int i = 0; i < 10; i++) {
                String group = "g" + i;
                iot.createThingGroup(r -> r.thingGroupName(group));
                if (i < 9) {
                    iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName("t1"));
                }
            }
            assertThat(iot.listThingGroupsForThing(r -> r.thingName("t1")).thingGroups()).hasSize(10);
            assertThatThrownBy(() -> iot.addThingToThingGroup(r -> r.thingGroupName("g9").thingName("t1")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("10");

            iot.addThingToThingGroup(r -> r.thingGroupName("g9").thingName("t1").overrideDynamicGroups(true));
            assertThat(iot.listThingGroupsForThing(r -> r.thingName("t1")).thingGroups())
                    .extracting(GroupNameAndArn::groupName).hasSize(10).doesNotContain("z-odd");
            assertThat(members(iot, "z-odd")).containsExactly("t3", "t5");

            // a thing in ten static groups is left out of a group its changes make it match, until it has room
            iot.updateThing(r -> r.thingName("t1").attributePayload(a -> a.attributes(Map.of("floor", "1", "x", "1"))));
            assertThat(members(iot, "z-odd")).containsExactly("t3", "t5");
            iot.removeThingFromThingGroup(r -> r.thingGroupName("g0").thingName("t1"));
            iot.updateThing(r -> r.thingName("t1").attributePayload(a -> a.attributes(Map.of("floor", "1", "x", "2"))));
            assertThat(members(iot, "z-odd")).containsExactly("t1", "t3", "t5");
        }
    }

    /** The rollout follows the fleet: a device's own report puts it in the group and the job reaches it at once. */
    @Test
    void a_continuous_job_on_a_dynamic_group_reaches_a_device_the_moment_it_matches() throws Exception {
        try (IotClient iot = Sdk.iot(server); IotDataPlaneClient data = Sdk.data(server)) {
            fleet(iot);
            iot.createPolicy(r -> r.policyName("device").policyDocument(DEVICE_POLICY));
            DeviceIdentity identity = Sdk.thingDevice(iot, "sensor-1", "device");
            report(data, "t0", 1.0);
            iot.createDynamicThingGroup(r -> r.thingGroupName("stale-fw").queryString(STALE));
            String group = ARN + "thinggroup/stale-fw";
            iot.createJob(r -> r.jobId("fw-2-1").targets(group).targetSelection(TargetSelection.CONTINUOUS)
                    .document("{\"operation\":\"update\",\"version\":\"2.1\"}"));
            iot.createJob(r -> r.jobId("snapshot").targets(group).document("{\"operation\":\"audit\"}"));
            server.tickJobs();
            assertThat(execution(iot, "fw-2-1", "t0")).as("a member when the job was made").isEqualTo(JobExecutionStatus.QUEUED);
            assertThat(execution(iot, "snapshot", "t0")).isEqualTo(JobExecutionStatus.QUEUED);

            try (JobDevice device = new JobDevice(server, identity, "sensor-1", null, o -> { })) {
                device.publishTo("$aws/things/sensor-1/shadow/update",
                        "{\"state\":{\"reported\":{\"firmwareVersion\":2.0}}}");
                awaitMember(iot, "stale-fw", "sensor-1");
                // the job's engine releases it at its next tick (the test's ticks stand in for the scheduler's)
                awaitReleased(iot, "fw-2-1", "sensor-1");
                JsonNode next = device.next("/notify-next");
                assertThat(next.path("execution").path("jobId").asText()).isEqualTo("fw-2-1");
                assertThat(next.path("execution").path("jobDocument").path("version").asText()).isEqualTo("2.1");
                assertThat(members(iot, "stale-fw")).containsExactly("sensor-1", "t0");
                assertThatThrownBy(() -> execution(iot, "snapshot", "sensor-1"))
                        .as("a snapshot job keeps the members it was made with").isInstanceOf(ResourceNotFoundException.class);

                // updated some other way before starting the job: it no longer matches, the queued execution goes
                device.publishTo("$aws/things/sensor-1/shadow/update",
                        "{\"state\":{\"reported\":{\"firmwareVersion\":2.1}}}");
                server.tickJobs();
                assertThat(awaitExecution(iot, "fw-2-1", "sensor-1", JobExecutionStatus.REMOVED))
                        .isEqualTo(JobExecutionStatus.REMOVED);
                assertThat(members(iot, "stale-fw")).containsExactly("t0");

                // and matching again, it is queued again
                device.publishTo("$aws/things/sensor-1/shadow/update",
                        "{\"state\":{\"reported\":{\"firmwareVersion\":1.5}}}");
                server.tickJobs();
                assertThat(awaitExecution(iot, "fw-2-1", "sensor-1", JobExecutionStatus.QUEUED))
                        .isEqualTo(JobExecutionStatus.QUEUED);
            }
        }
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_clis_create_describe_update_and_delete_a_dynamic_group(AwsCli aws) {
        try (IotClient iot = Sdk.iot(server)) {
            fleet(iot);
        }
        JsonNode created = aws.run(server, "iot", "create-dynamic-thing-group", "--thing-group-name", "stale-fw",
                "--query-string", "attributes.floor:0", "--tags", "Key=team,Value=ota").json();
        assertThat(created.path("thingGroupArn").asText()).isEqualTo(ARN + "thinggroup/stale-fw");
        assertThat(created.path("queryString").asText()).isEqualTo("attributes.floor:0");
        JsonNode described = aws.run(server, "iot", "describe-thing-group", "--thing-group-name", "stale-fw").json();
        assertThat(described.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(described.path("queryVersion").asText()).isEqualTo("2017-09-30");
        assertThat(things(aws, "stale-fw")).containsExactly("t0", "t2", "t4");
        assertThat(aws.run(server, "iot", "list-tags-for-resource", "--resource-arn", ARN + "thinggroup/stale-fw")
                .json().path("tags").get(0).path("Value").asText()).isEqualTo("ota");

        JsonNode updated = aws.run(server, "iot", "update-dynamic-thing-group", "--thing-group-name", "stale-fw",
                "--thing-group-properties", "thingGroupDescription=older firmware", "--query-string", "thingName:t1",
                "--expected-version", "1").json();
        assertThat(updated.path("version").asLong()).isEqualTo(2);
        assertThat(things(aws, "stale-fw")).containsExactly("t1");
        AwsCli.Result stale = aws.run(server, "iot", "delete-dynamic-thing-group", "--thing-group-name", "stale-fw",
                "--expected-version", "1");
        assertThat(stale.ok()).isFalse();
        assertThat(stale.errorCode()).isEqualTo("VersionConflictException");
        assertThat(aws.run(server, "iot", "delete-dynamic-thing-group", "--thing-group-name", "stale-fw").ok()).isTrue();
        AwsCli.Result gone = aws.run(server, "iot", "describe-thing-group", "--thing-group-name", "stale-fw");
        assertThat(gone.errorCode()).isEqualTo("ResourceNotFoundException");
    }

    private List<String> things(AwsCli aws, String group) {
        List<String> names = new ArrayList<>();
        aws.run(server, "iot", "list-things-in-thing-group", "--thing-group-name", group).json().path("things")
                .forEach(name -> names.add(name.asText()));
        return names;
    }

    private static List<String> members(IotClient iot, String group) {
        return iot.listThingsInThingGroupPaginator(r -> r.thingGroupName(group)).things().stream().sorted().toList();
    }

    /** Waits (ten seconds at most) until the thing is in the group: a device's report is taken after its PUBACK. */
    private static void awaitMember(IotClient iot, String group, String thing) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!members(iot, group).contains(thing) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(members(iot, group)).contains(thing);
    }

    private static void report(IotDataPlaneClient data, String thing, double firmware) {
        data.updateThingShadow(r -> r.thingName(thing).payload(SdkBytes.fromUtf8String(
                "{\"state\":{\"reported\":{\"firmwareVersion\":" + firmware + "}}}")));
    }

    private static JobExecutionStatus execution(IotClient iot, String jobId, String thing) {
        return iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution().status();
    }

    /** Ticks the jobs engine until the thing has an execution of the job (ten seconds at most). */
    private void awaitReleased(IotClient iot, String jobId, String thing) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            server.tickJobs();
            try {
                execution(iot, jobId, thing);
                return;
            } catch (ResourceNotFoundException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError(thing + " has no execution of " + jobId);
    }

    /** The execution's status once it is {@code wanted}, or as it is after ten seconds (ticking the jobs engine). */
    private JobExecutionStatus awaitExecution(IotClient iot, String jobId, String thing, JobExecutionStatus wanted) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JobExecutionStatus status = null;
        while (System.nanoTime() < deadline) {
            server.tickJobs();
            try {
                status = execution(iot, jobId, thing);
            } catch (ResourceNotFoundException notYet) {
                status = null;
            }
            if (status == wanted) {
                return status;
            }
            Thread.onSpinWait();
        }
        return status;
    }
}
