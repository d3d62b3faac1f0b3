package io.fleetline.api.binding;

import static io.fleetline.api.binding.GivenRequest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.model.Operation;
import io.fleetline.api.routing.Route;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidatorTest {
    private static final String THING_NAME_PATTERN = "[a-zA-Z0-9:_-]+";
    private final RequestBinder binder = new RequestBinder(new ObjectMapper());
    private final InputValidator validator = new InputValidator();

    private void validate(GivenRequest given) {
        Route route = given.route();
        Operation op = route.operation();
        ObjectNode input = binder.bind(route, given.raw());
        validator.validate(op.service(), op.input().orElseThrow(), input);
    }

    private void assertValid(GivenRequest given) {
        assertThatCode(() -> validate(given)).doesNotThrowAnyException();
    }

    /** Asserts the request is an {@code InvalidRequestException} and gives its message to assert on. */
    private AbstractStringAssert<?> assertInvalid(GivenRequest given) {
        FleetlineException e = catchThrowableOfType(FleetlineException.class, () -> validate(given));
        assertThat(e).as("validation error").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return assertThat(e.getMessage());
    }

    @Nested
    class Strings {
        @Test
        void accepts_a_name_within_pattern_and_length() {
            assertValid(request("POST", "/things/sensor-1:a_b").body("{}"));
        }

        @Test
        void rejects_a_name_outside_its_pattern_worded_as_aws_words_it() {
            assertInvalid(request("POST", "/things/we%20ird%2Fx").body("{}")).isEqualTo(
                    "1 validation error detected: Value 'we ird/x' at 'thingName' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: " + THING_NAME_PATTERN);
        }

        @Test
        void accepts_a_name_of_maximum_length() {
            assertValid(request("POST", "/things/" + "a".repeat(128)));
        }

        @Test
        void rejects_a_name_one_character_too_long() {
            assertInvalid(request("POST", "/things/" + "a".repeat(129)))
                    .startsWith("1 validation error detected: Value '" + "a".repeat(129) + "' at 'thingName'")
                    .endsWith("Member must have length less than or equal to 128");
        }

        @Test
        void rejects_a_value_outside_its_enum() {
            assertInvalid(request("GET", "/things/t1/jobs").query("status", "BOGUS"))
                    .contains("Value 'BOGUS' at 'status' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [QUEUED, IN_PROGRESS,");
        }

        @Test
        void accepts_a_value_of_its_enum() {
            assertValid(request("GET", "/things/t1/jobs").query("status", "IN_PROGRESS"));
        }
    }

    @Nested
    class Numbers {
        @ParameterizedTest
        @ValueSource(strings = {"1", "250"})
        void accept_values_at_the_bounds(String maxResults) {
            assertValid(request("GET", "/things").query("maxResults", maxResults));
        }

        @Test
        void reject_a_value_below_the_minimum() {
            assertInvalid(request("GET", "/things").query("maxResults", "0")).isEqualTo(
                    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1");
        }

        @Test
        void reject_a_value_above_the_maximum() {
            assertInvalid(request("GET", "/things").query("maxResults", "251"))
                    .endsWith("Member must have value less than or equal to 250");
        }
    }

    @Nested
    class Structure {
        @Test
        void requires_a_required_member() {
            assertInvalid(request("PUT", "/things/t1/principals")).isEqualTo(
                    "1 validation error detected: Value null at 'principal' failed to satisfy constraint: "
                            + "Member must not be null");
        }

        @Test
        void rejects_a_body_member_of_the_wrong_json_type() {
            assertInvalid(request("POST", "/things/t1").body("{\"attributePayload\":\"color=red\"}"))
                    .contains("Value 'color=red' at 'attributePayload' failed to satisfy constraint: "
                            + "Member must be a structure");
        }

        @Test
        void rejects_a_string_where_a_boolean_belongs() {
            assertInvalid(request("PATCH", "/things/t1").body("{\"removeThingType\":\"yes\"}"))
                    .contains("at 'removeThingType' failed to satisfy constraint: Member must be a boolean");
        }

        @Test
        void rejects_a_fraction_where_an_integer_belongs() {
            assertInvalid(request("PATCH", "/things/t1").body("{\"expectedVersion\":1.5}"))
                    .contains("at 'expectedVersion' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void checks_members_of_nested_structures_and_maps() {
            assertInvalid(request("POST", "/things/t1")
                    .body("{\"attributePayload\":{\"attributes\":{\"color\":\"red!\"},\"merge\":\"no\"}}"))
                    .startsWith("2 validation errors detected: ")
                    .contains("Value 'red!' at 'attributePayload.attributes.color' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern")
                    .contains("at 'attributePayload.merge' failed to satisfy constraint: Member must be a boolean");
        }

        @Test
        void accepts_a_valid_nested_payload() {
            assertValid(request("POST", "/things/t1").body(
                    "{\"thingTypeName\":\"sensor\",\"attributePayload\":{\"attributes\":{\"color\":\"red\"}}}"));
        }

        @Test
        void ignores_members_the_model_does_not_have_and_null_members() {
            assertValid(request("POST", "/things/t1").body("{\"bogus\":1,\"thingTypeName\":null}"));
        }

        @Test
        void counts_every_violation_in_one_message() {
            assertInvalid(request("GET", "/things/t1/jobs").query("status", "BOGUS").query("maxResults", "0"))
                    .startsWith("2 validation errors detected: ")
                    .contains("at 'status'")
                    .contains("at 'maxResults'")
                    .contains("; ");
        }
    }

    @Nested
    class StructurePayload {
        @Test
        void is_required_when_the_model_says_so() {
            assertInvalid(request("POST", "/rules/r1")).isEqualTo("1 validation error detected: Value null at "
                    + "'topicRulePayload' failed to satisfy constraint: Member must not be null");
        }

        @Test
        void has_its_own_required_members_checked_with_their_path() {
            assertInvalid(request("POST", "/rules/r1").body("{}"))
                    .startsWith("2 validation errors detected: ")
                    .contains("Value null at 'topicRulePayload.sql'")
                    .contains("Value null at 'topicRulePayload.actions'");
        }

        @Test
        void is_valid_with_its_required_members() {
            assertValid(request("POST", "/rules/r1").body("{\"sql\":\"SELECT * FROM 'a'\",\"actions\":[]}"));
        }
    }

    @Test
    void leaves_a_raw_payload_unchecked() {
        assertValid(request("POST", "/topics/a%2Fb").body(new byte[] {(byte) 0xff, 0, 1}));
    }
}
