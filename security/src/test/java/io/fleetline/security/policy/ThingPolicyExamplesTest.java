package io.fleetline.security.policy;

import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.given;

import org.junit.jupiter.api.Test;

/** Thing policy variables and the guide's thing examples (developer guide L4718-L4745, L5545-L5664). */
class ThingPolicyExamplesTest {

    // L5545-L5567; the resource is broken over two lines and followed by a stray bracket in print
    private static final String TYPE_AND_NAME_TOPIC = """
            {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["iot:Publish"],
                    "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingTypeName}/${iot:Connection.Thing.ThingName}"]
                }]
            }""";

    // L5569-L5587
    private static final String CONNECT_WHEN_ATTACHED = """
            {
              "Version": "2012-10-17",
              "Statement": [{
                  "Effect": "Allow",
                  "Action": ["iot:Connect"],
                  "Resource": ["*"],
                  "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": ["true"]}}
              }]
            }""";

    // L5589-L5617
    private static final String MANUFACTURER_ATTRIBUTE = """
            {
              "Version": "2012-10-17",
              "Statement": [{
                  "Effect": "Allow",
                  "Action": ["iot:Publish"],
                  "Resource": [
                    "arn:aws:iot:us-east-1:123456789012:topic/foo/bar",
                    "arn:aws:iot:us-east-1:123456789012:topic/foo/baz"
                  ],
                  "Condition": {
                    "ForAnyValue:StringLike": {
                      "iot:Connection.Thing.Attributes[Manufacturer]": ["foo", "bar", "baz"]
                    }
                  }
              }]
            }""";

    // L5646-L5664; the resource is broken over two lines in print
    private static final String OWN_SHADOW_TOPIC = """
            {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["iot:Publish"],
                    "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update"]
                }]
            }""";

    private static AuthorizationContext.Builder thing(String name) {
        return AuthorizationContext.builder().clientId(name).thingName(name).thingAttached(true);
    }

    @Test // L5545-L5567
    void thing_may_publish_on_the_topic_named_after_its_type_and_name() {
        PolicyCheck check = given(TYPE_AND_NAME_TOPIC).with(thing("lamp-1").thingTypeName("lamp"));

        assertThat(check.publish("lamp/lamp-1")).isAllowed();
        assertThat(check.publish("lamp/lamp-2")).isImplicitlyDenied();
        assertThat(check.publish("switch/lamp-1")).isImplicitlyDenied();
    }

    @Test // L5545-L5567: a thing without a type has nothing to substitute
    void thing_without_a_type_is_denied_and_the_missing_type_reported() {
        assertThat(given(TYPE_AND_NAME_TOPIC).with(thing("lamp-1")).publish("lamp/lamp-1"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingTypeName");
    }

    @Test // L5569-L5587
    void device_may_connect_when_its_certificate_is_attached_to_the_thing() {
        assertThat(given(CONNECT_WHEN_ATTACHED).with(thing("lamp-1")).connect("lamp-1")).isAllowed();
    }

    @Test // L5569-L5587
    void device_may_not_connect_when_its_certificate_is_not_attached() {
        assertThat(given(CONNECT_WHEN_ATTACHED).with(thing("lamp-1").thingAttached(false)).connect("lamp-1"))
                .isImplicitlyDenied()
                .hasNoMissingContextValues();
    }

    @Test // L5569-L5587 with L4720-L4722: no thing, so IsAttached does not resolve
    void device_without_a_thing_may_not_connect_and_is_attached_is_reported_missing() {
        assertThat(given(CONNECT_WHEN_ATTACHED).withClientId("stranger").connect("stranger"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.IsAttached");
    }

    @Test // L5589-L5617
    void thing_made_by_a_listed_manufacturer_may_publish_on_both_topics() {
        PolicyCheck check = given(MANUFACTURER_ATTRIBUTE).with(thing("lamp-1").thingAttribute("Manufacturer", "bar"));

        assertThat(check.publish("foo/bar")).isAllowed();
        assertThat(check.publish("foo/baz")).isAllowed();
        assertThat(check.publish("foo/qux")).isImplicitlyDenied();
    }

    @Test // L5589-L5617
    void thing_made_by_another_manufacturer_may_not_publish() {
        assertThat(given(MANUFACTURER_ATTRIBUTE).with(thing("lamp-1").thingAttribute("Manufacturer", "acme"))
                .publish("foo/bar")).isImplicitlyDenied();
    }

    @Test // L5589-L5617: attribute names keep their case, as the registry's do
    void thing_without_the_manufacturer_attribute_may_not_publish() {
        assertThat(given(MANUFACTURER_ATTRIBUTE).with(thing("lamp-1").thingAttribute("manufacturer", "foo"))
                .publish("foo/bar"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.Attributes[Manufacturer]");
    }

    @Test // L5619-L5644 as printed: "ThingType Name" is no variable AWS defines, so it never resolves
    void misprinted_thing_type_variable_parses_but_never_matches() {
        PolicyCheck check = given("""
                {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingType Name}/#${iot:Connection.Thing.ThingName}"]
                    }]
                }""").with(thing("lamp-1").thingTypeName("lamp"));

        assertThat(check.publish("lamp/#lamp-1"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingType Name");
    }

    @Test // L5646-L5664
    void thing_may_publish_only_on_its_own_shadow_update_topic() {
        PolicyCheck check = given(OWN_SHADOW_TOPIC).with(thing("lamp-1"));

        assertThat(check.publish("$aws/things/lamp-1/shadow/update")).isAllowed();
        assertThat(check.publish("$aws/things/lamp-2/shadow/update")).isImplicitlyDenied();
        assertThat(check.publish("$aws/things/lamp-1/shadow/delete")).isImplicitlyDenied();
    }

    @Test // L5646-L5664: "if the thing exists in the thing registry"
    void client_without_a_registered_thing_may_not_publish_on_shadow_topics() {
        assertThat(given(OWN_SHADOW_TOPIC).withClientId("lamp-1").publish("$aws/things/lamp-1/shadow/update"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingName");
    }
}
