package io.fleetline.security.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.NamedPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A device's decisions, kept per connection, stay the policy's decisions however often and widely it asks. */
class DevicePermissionsTest {
    private static final String TOPIC = "arn:aws:iot:us-east-1:123456789012:topic/";

    private static DevicePermissions lampPermissions() {
        return lampPermissions(DenialListener.NONE);
    }

    private static DevicePermissions lampPermissions(DenialListener denials) {
        NamedPolicy policy = NamedPolicy.of("lamp", """
                {"Version": "2012-10-17",
                 "Statement": [
                   {"Effect": "Allow", "Action": "iot:Publish", "Resource": "%1$s${iot:Connection.Thing.ThingName}/*"},
                   {"Effect": "Deny", "Action": "iot:Publish", "Resource": "%1$slamp-1/secret*"}]}"""
                .formatted(TOPIC));
        return new DevicePermissions(List.of(policy), AuthorizationContext.builder().clientId("lamp-1")
                .thingName("lamp-1").build(), denials);
    }

    @Test
    void repeated_and_many_different_asks_get_the_policy_decision_every_time() {
        DevicePermissions permissions = lampPermissions();
        for (int round = 0; round < 3; round++) {
            assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-1/telemetry")).isTrue();
            assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-2/telemetry")).as("another thing's").isFalse();
            assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-1/secret")).as("explicit deny").isFalse();
            assertThat(permissions.allows("iot:Subscribe", TOPIC + "lamp-1/telemetry")).as("another action").isFalse();
        }
        // more topics than are kept: the oldest are forgotten and decided again, never answered wrongly
        for (int i = 0; i < 3 * DevicePermissions.KEPT_DECISIONS; i++) {
            assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-1/reading/" + i)).isTrue();
            assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-1/secret-" + i)).isFalse();
        }
        assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-2/telemetry")).isFalse();
        assertThat(permissions.allows("iot:Publish", TOPIC + "lamp-1/telemetry")).isTrue();
    }

    @Test
    void every_refusal_is_told_by_its_action_kept_decisions_included_and_allowed_asks_are_not() {
        List<String> denied = new java.util.ArrayList<>();
        DevicePermissions permissions = lampPermissions(denied::add);
        for (int round = 0; round < 3; round++) {
            permissions.allows("iot:Publish", TOPIC + "lamp-1/telemetry");
            permissions.allows("iot:Publish", TOPIC + "lamp-1/secret");
            permissions.allows("iot:Subscribe", TOPIC + "lamp-1/telemetry");
        }
        assertThat(denied).containsExactly("iot:Publish", "iot:Subscribe", "iot:Publish", "iot:Subscribe",
                "iot:Publish", "iot:Subscribe");
    }
}
