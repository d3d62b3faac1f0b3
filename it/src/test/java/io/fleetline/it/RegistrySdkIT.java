package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingTypeResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.Tag;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** The registry through the AWS SDK for Java v2 over real HTTP, on each database. */
abstract class RegistrySdkIT {
    @TempDir
    Path dir;
    TestServer server;
    IotClient iot;

    abstract Store store();

    @BeforeEach
    void start() {
        server = TestServer.start(store(), dir);
        iot = Sdk.iot(server);
    }

    @AfterEach
    void stop() {
        iot.close();
        server.close();
    }

    @Test
    void the_quick_start_works() {
        iot.createThingType(r -> r.thingTypeName("sensor"));
        iot.createThingGroup(r -> r.thingGroupName("ProductionDevices").thingGroupProperties(p -> p
                .thingGroupDescription("Production devices")
                .attributePayload(a -> a.attributes(Map.of("environment", "production")))));
        var created = iot.createThing(r -> r.thingName("dev-1").thingTypeName("sensor")
                .attributePayload(a -> a.attributes(Map.of("firmwareVersion", "v2.0.0", "location", "floor-1"))));
        iot.addThingToThingGroup(r -> r.thingGroupName("ProductionDevices").thingName("dev-1"));

        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("ProductionDevices")).things())
                .containsExactly("dev-1");
        DescribeThingResponse thing = iot.describeThing(r -> r.thingName("dev-1"));
        assertThat(thing.thingArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/dev-1");
        assertThat(thing.thingId()).isEqualTo(created.thingId());
        assertThat(thing.thingTypeName()).isEqualTo("sensor");
        assertThat(thing.attributes()).containsEntry("firmwareVersion", "v2.0.0").containsEntry("location", "floor-1");
        assertThat(thing.version()).isEqualTo(1L);
        assertThat(thing.defaultClientId()).isEqualTo("dev-1");
    }

    @Test
    void update_and_delete_follow_versions_and_merge() {
        iot.createThing(r -> r.thingName("t").attributePayload(a -> a.attributes(Map.of("a", "1", "b", "2"))));
        iot.updateThing(r -> r.thingName("t").expectedVersion(1L)
                .attributePayload(AttributePayload.builder().attributes(Map.of("a", "", "c", "3")).merge(true).build()));

        assertThat(iot.describeThing(r -> r.thingName("t")).attributes()).isEqualTo(Map.of("b", "2", "c", "3"));
        // a payload without attributes changes none of them
        iot.updateThing(r -> r.thingName("t").attributePayload(AttributePayload.builder().merge(false).build()));
        assertThat(iot.describeThing(r -> r.thingName("t")).attributes()).isEqualTo(Map.of("b", "2", "c", "3"));
        assertThatThrownBy(() -> iot.updateThing(r -> r.thingName("t").expectedVersion(1L)))
                .isInstanceOf(VersionConflictException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(409));
        assertThatThrownBy(() -> iot.deleteThing(r -> r.thingName("t").expectedVersion(5L)))
                .isInstanceOf(VersionConflictException.class);
        iot.deleteThing(r -> r.thingName("t").expectedVersion(3L));
        assertThatThrownBy(() -> iot.describeThing(r -> r.thingName("t")))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void errors_arrive_as_the_modeled_exceptions() {
        iot.createThing(r -> r.thingName("t"));

        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("t").attributePayload(a -> a.attributes(Map.of("x", "1")))))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> {
                    assertThat(e.resourceArn()).endsWith(":thing/t");
                    assertThat(e.resourceId()).isNotBlank();
                });
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("bad name!")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("regular expression pattern");
        assertThatThrownBy(() -> iot.listThings(r -> r.maxResults(251)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("maxResults");
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("u").thingTypeName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn("arn:aws:iot:us-east-1:000000000000:thing/t")
                .tags(Tag.builder().key("k").value("nul\u0000").build())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> iot.listThings(r -> r.nextToken("ZmwxOgA")))
                .isInstanceOf(InvalidRequestException.class);
        List<Tag> tooMany = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn("arn:aws:iot:us-east-1:000000000000:thing/t").tags(tooMany)))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void pagination_covers_600_things_once_each() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String name = String.format("thing-%04d", i);
                creates.add(pool.submit(() -> iot.createThing(r -> r.thingName(name))));
            }
            for (Future<?> f : creates) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<String> names = iot.listThingsPaginator(r -> r.maxResults(250)).things().stream()
                .map(ThingAttribute::thingName).toList();
        long pages = iot.listThingsPaginator(r -> r.maxResults(250)).stream().count();

        assertThat(names).hasSize(600).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isEqualTo(3);
        assertThat(iot.listThingsPaginator(r -> r.attributeName("none")).things()).isEmpty();
    }

    @Test
    void thing_groups_form_a_hierarchy_with_recursive_listing() {
        iot.createThingGroup(r -> r.thingGroupName("LightBulbs"));
        iot.createThingGroup(r -> r.thingGroupName("RedLights").parentGroupName("LightBulbs"));
        iot.createThingGroup(r -> r.thingGroupName("DimRed").parentGroupName("RedLights"));
        iot.createThing(r -> r.thingName("bulb"));
        iot.addThingToThingGroup(r -> r.thingGroupArn("arn:aws:iot:us-east-1:000000000000:thinggroup/DimRed")
                .thingArn("arn:aws:iot:us-east-1:000000000000:thing/bulb"));

        DescribeThingGroupResponse dim = iot.describeThingGroup(r -> r.thingGroupName("DimRed"));
        assertThat(dim.thingGroupMetadata().parentGroupName()).isEqualTo("RedLights");
        assertThat(dim.thingGroupMetadata().rootToParentThingGroups()).extracting(GroupNameAndArn::groupName)
                .containsExactly("LightBulbs", "RedLights");
        assertThat(dim.thingGroupMetadata().creationDate()).isNotNull();
        assertThat(iot.listThingGroups(r -> r.parentGroup("LightBulbs")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("RedLights");
        assertThat(iot.listThingGroups(r -> r.parentGroup("LightBulbs").recursive(true)).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("DimRed", "RedLights");
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("LightBulbs")).things()).isEmpty();
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("LightBulbs").recursive(true)).things())
                .containsExactly("bulb");
        assertThat(iot.listThingGroupsForThing(r -> r.thingName("bulb")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("DimRed", "LightBulbs", "RedLights");

        assertThatThrownBy(() -> iot.deleteThingGroup(r -> r.thingGroupName("LightBulbs")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("child groups");
        long version = iot.updateThingGroup(r -> r.thingGroupName("DimRed").expectedVersion(1L)
                .thingGroupProperties(p -> p.thingGroupDescription("dim"))).version();
        assertThat(version).isEqualTo(2L);

        iot.createThingGroup(r -> r.thingGroupName("Other"));
        iot.updateThingGroupsForThing(r -> r.thingName("bulb").thingGroupsToAdd("Other").thingGroupsToRemove("DimRed"));
        assertThat(iot.listThingGroupsForThing(r -> r.thingName("bulb")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("Other");
        iot.removeThingFromThingGroup(r -> r.thingGroupName("Other").thingName("bulb"));
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("Other")).things()).isEmpty();
    }

    @Test
    void thing_types_deprecate_and_refuse_new_things() {
        iot.createThingType(r -> r.thingTypeName("LightBulb").thingTypeProperties(p -> p
                .thingTypeDescription("light bulb type").searchableAttributes("wattage", "model")));
        iot.deprecateThingType(r -> r.thingTypeName("LightBulb"));

        DescribeThingTypeResponse type = iot.describeThingType(r -> r.thingTypeName("LightBulb"));
        assertThat(type.thingTypeMetadata().deprecated()).isTrue();
        assertThat(type.thingTypeMetadata().deprecationDate()).isNotNull();
        assertThat(type.thingTypeProperties().searchableAttributes()).containsExactly("wattage", "model");
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("b").thingTypeName("LightBulb")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.deleteThingType(r -> r.thingTypeName("LightBulb")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("minutes");

        iot.deprecateThingType(r -> r.thingTypeName("LightBulb").undoDeprecate(true));
        iot.createThing(r -> r.thingName("b").thingTypeName("LightBulb"));
        assertThat(iot.listThings(r -> r.thingTypeName("LightBulb")).things()).extracting(ThingAttribute::thingName)
                .containsExactly("b");
        assertThat(iot.listThingTypes(r -> r.thingTypeName("LightBulb")).thingTypes()).hasSize(1);
    }

    @Test
    void tags_and_endpoint() {
        iot.createThingGroup(r -> r.thingGroupName("g").tags(Tag.builder().key("env").value("prod").build()));
        String arn = "arn:aws:iot:us-east-1:000000000000:thinggroup/g";
        iot.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("a").build()));
        iot.untagResource(r -> r.resourceArn(arn).tagKeys("env"));

        assertThat(iot.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> iot.describeEndpoint(r -> r.endpointType("iot:Nope")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void unsigned_and_badly_signed_requests_are_rejected() {
        try (IotClient anonymous = Sdk.anonymous(server); IotClient forger = Sdk.iotWithSecret(server, "wrong-secret")) {
            assertThatThrownBy(() -> anonymous.listThings(r -> { }))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
                    });
            assertThatThrownBy(() -> forger.createThing(r -> r.thingName("forged")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        assertThat(iot.listThings(r -> { }).things()).isEmpty();
    }
}
