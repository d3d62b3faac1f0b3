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

    /** A number that does not fit its member is refused with the number as sent, never a wrapped copy. */
    @Nested
    class NumbersFitTheirType {
        private static final String CREATE_JOB = "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/t1\"],";

        @Test
        void refuses_a_long_past_64_bits_instead_of_wrapping_it() {
            // 2^64 + 2 wraps to 2: it would pass the optimistic lock of a thing at version 2
            assertInvalid(request("PATCH", "/things/t1").body("{\"expectedVersion\":18446744073709551618}")).isEqualTo(
                    "1 validation error detected: Value '18446744073709551618' at 'expectedVersion' failed to satisfy "
                            + "constraint: Member must have value less than or equal to 9223372036854775807");
        }

        @Test
        void refuses_a_long_below_64_bits() {
            assertInvalid(request("PATCH", "/things/t1").body("{\"expectedVersion\":-9223372036854775809}"))
                    .endsWith("Member must have value greater than or equal to -9223372036854775808");
        }

        @Test
        void accepts_the_largest_long() {
            assertValid(request("PATCH", "/things/t1").body("{\"expectedVersion\":9223372036854775807}"));
        }

        @Test
        void refuses_an_integer_past_32_bits_with_its_path() {
            assertInvalid(request("PUT", "/jobs/j1").body(CREATE_JOB
                    + "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":4294967306}}")).isEqualTo(
                    "1 validation error detected: Value '4294967306' at 'jobExecutionsRolloutConfig.maximumPerMinute' "
                            + "failed to satisfy constraint: Member must have value less than or equal to 2147483647");
        }

        @Test
        void shows_two_to_the_31_as_sent_not_as_its_negative_wrap() {
            assertInvalid(request("PUT", "/jobs/j1").body(CREATE_JOB
                    + "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2147483648}}"))
                    .contains("Value '2147483648' at 'jobExecutionsRolloutConfig.maximumPerMinute'")
                    .doesNotContain("-2147483648");
        }

        @Test
        void accepts_the_largest_integer() {
            assertValid(request("PUT", "/jobs/j1").body(CREATE_JOB
                    + "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2147483647}}"));
        }

        @Test
        void refuses_a_long_in_a_nested_structure_past_64_bits() {
            assertInvalid(request("PUT", "/jobs/j1").body(CREATE_JOB
                    + "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":18446744073709551621}}"))
                    .contains("Value '18446744073709551621' at 'timeoutConfig.inProgressTimeoutInMinutes'")
                    .endsWith("Member must have value less than or equal to 9223372036854775807");
        }

        @Test
        void tells_the_models_bound_when_it_is_the_tighter_one() {
            assertInvalid(request("GET", "/things").query("maxResults", "4294967297")).isEqualTo(
                    "1 validation error detected: Value '4294967297' at 'maxResults' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 250");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e400", "-1e400", "1E+309"})
        void refuses_a_double_that_would_be_infinite(String number) {
            assertInvalid(request("POST", "/command-executions").signedFor("iot-jobs-data").body("{\"targetArn\":\"a\",\"commandArn\":\"b\","
                    + "\"parameters\":{\"p\":{\"D\":" + number + "}}}"))
                    .contains("at 'parameters.p.D' failed to satisfy constraint: Member must have value ")
                    .contains("1.7976931348623157E308");
        }

        @Test
        void accepts_the_largest_double() {
            assertValid(request("POST", "/command-executions").signedFor("iot-jobs-data").body("{\"targetArn\":\"a\",\"commandArn\":\"b\","
                    + "\"parameters\":{\"p\":{\"D\":1.7976931348623157E308}}}"));
        }

        @Test
        void refuses_a_huge_double_against_its_models_bound() {
            assertInvalid(request("PUT", "/jobs/j1").body(CREATE_JOB + "\"abortConfig\":{\"criteriaList\":[{"
                    + "\"failureType\":\"FAILED\",\"action\":\"CANCEL\",\"thresholdPercentage\":1e400,"
                    + "\"minNumberOfExecutedThings\":1}]}}"))
                    .endsWith("Member must have value less than or equal to 100");
        }

        @ParameterizedTest
        @ValueSource(strings = {"3.0", "1e3", "2.5"})
        void refuses_a_decimal_form_where_an_integer_belongs(String number) {
            assertInvalid(request("PATCH", "/things/t1").body("{\"expectedVersion\":" + number + "}"))
                    .contains("Value '" + number.replace("1e3", "1E+3") + "' at 'expectedVersion'")
                    .endsWith("Member must be an integer");
        }
    }

    /** URI labels, query values and headers convert only from plain ASCII decimal forms. */
    @Nested
    class TextualNumbers {
        @ParameterizedTest
        @ValueSource(strings = {"%D9%A3", "2%00", "%202", "2%20", "%2B2", "0x10", "1e3", "2.0", "", "three", "%EF%BC%92"})
        void refuses_anything_but_ascii_digits_for_an_integer(String raw) {
            assertInvalid(request("GET", "/things").query("maxResults", raw))
                    .startsWith("1 validation error detected: Value '")
                    .endsWith("' at 'maxResults' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void shows_the_value_as_sent() {
            assertInvalid(request("GET", "/things").query("maxResults", "%D9%A3")).isEqualTo(
                    "1 validation error detected: Value '\u0663' at 'maxResults' failed to satisfy constraint: "
                            + "Member must be an integer");
        }

        @Test
        void refuses_a_long_past_64_bits_in_the_query() {
            assertInvalid(request("DELETE", "/things/t1").query("expectedVersion", "18446744073709551618")).isEqualTo(
                    "1 validation error detected: Value '18446744073709551618' at 'expectedVersion' failed to satisfy "
                            + "constraint: Member must have value less than or equal to 9223372036854775807");
        }

        @Test
        void refuses_a_uri_label_that_is_not_ascii_digits() {
            assertInvalid(request("DELETE", "/things/t1/jobs/j1/executionNumber/%D9%A3"))
                    .contains("at 'executionNumber' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void refuses_an_integer_uri_label_past_32_bits() {
            assertInvalid(request("GET", "/provisioning-templates/t1/versions/2147483648"))
                    .contains("Value '2147483648' at 'versionId'")
                    .endsWith("Member must have value less than or equal to 2147483647");
        }

        @Test
        void accepts_a_negative_number_for_the_range_check_to_judge() {
            assertInvalid(request("GET", "/things").query("maxResults", "-1"))
                    .endsWith("Member must have value greater than or equal to 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"TRUE", "%20true", "true%00", "1", "yes"})
        void refuses_anything_but_lower_case_true_or_false(String raw) {
            assertInvalid(request("GET", "/things").query("usePrefixAttributeValue", raw))
                    .endsWith("at 'usePrefixAttributeValue' failed to satisfy constraint: Member must be a boolean");
        }
    }

    /** Timestamps within what Smithy allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. */
    @Nested
    class TimestampRange {
        private static final String RANGE =
                "Member must be a timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

        private GivenRequest findings(String startTime) {
            return request("POST", "/audit/findings").body("{\"startTime\":" + startTime + "}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1704067260.5", "0", "-62135596800", "253402300799.999", "\"2024-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59.999Z\"", "\"0001-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.123456789+01:00\""})
        void accepts_epoch_seconds_and_date_times_in_range(String value) {
            assertValid(findings(value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"253402300800", "-62135596801", "1e400", "18446744073709551618",
                "\"10000-01-01T00:00:00Z\"", "\"0000-12-31T23:59:59Z\""})
        void refuses_a_body_timestamp_outside_the_range(String value) {
            assertInvalid(findings(value)).endsWith("at 'startTime' failed to satisfy constraint: " + RANGE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"+10000-01-01T00:00:00Z\"", "\"2024-13-01T00:00:00Z\"", "\"2024-01-01 00:00:00Z\"",
                "\"\u0662024-01-01T00:00:00Z\"", "\"yesterday\"", "true"})
        void refuses_a_body_timestamp_that_is_not_one(String value) {
            assertInvalid(findings(value)).endsWith("at 'startTime' failed to satisfy constraint: Member must be a timestamp");
        }

        @ParameterizedTest
        @ValueSource(strings = {"253402300800", "-62135596801", "10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"})
        void refuses_a_query_timestamp_outside_the_range(String raw) {
            assertInvalid(request("GET", "/detect/mitigationactions/executions").query("startTime", raw))
                    .isEqualTo("1 validation error detected: Value '" + raw + "' at 'startTime' failed to satisfy "
                            + "constraint: " + RANGE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"NaN", "Infinity", "%D9%A3", "1%00", "%2B1", "1e3", "0x10"})
        void refuses_a_query_timestamp_that_is_not_plain_ascii(String raw) {
            assertInvalid(request("GET", "/detect/mitigationactions/executions").query("startTime", raw))
                    .endsWith("at 'startTime' failed to satisfy constraint: Member must be a timestamp");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1704067260.5", "-0", "2024-01-01T00:00:00Z"})
        void accepts_a_query_timestamp_in_range(String raw) {
            assertValid(request("GET", "/detect/mitigationactions/executions").query("startTime", raw));
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
