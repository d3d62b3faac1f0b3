package io.fleetline.api.binding;

import static io.fleetline.api.binding.GivenRequest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBinderTest {
    private final RequestBinder binder = new RequestBinder(new ObjectMapper());

    private ObjectNode bind(GivenRequest given) {
        return binder.bind(given.route(), given.raw());
    }

    private void assertInvalidRequest(GivenRequest given, String messagePart) {
        assertThatThrownBy(() -> bind(given))
                .isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(messagePart);
    }

    @Nested
    class UriLabels {
        @Test
        void bind_decoded_to_their_member() {
            ObjectNode input = bind(request("GET", "/things/a%3Ab"));

            assertThat(input.path("thingName").asText()).isEqualTo("a:b");
        }

        @Test
        void win_over_a_body_member_of_the_same_name() {
            ObjectNode input = bind(request("POST", "/things/t1").body("{\"thingName\":\"other\"}"));

            assertThat(input.path("thingName").asText()).isEqualTo("t1");
        }
    }

    @Nested
    class QueryMembers {
        @Test
        void long_is_converted_to_a_number() {
            ObjectNode input = bind(request("DELETE", "/things/t1").query("expectedVersion", "3"));
            JsonNode version = input.get("expectedVersion");

            assertThat(version.isIntegralNumber()).isTrue();
            assertThat(version.longValue()).isEqualTo(3L);
        }

        @Test
        void long_beyond_int_range_keeps_its_value() {
            JsonNode version = bind(request("DELETE", "/things/t1").query("expectedVersion", "4294967296"))
                    .get("expectedVersion");

            assertThat(version.longValue()).isEqualTo(4_294_967_296L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"three", "3.5", "", "%D9%A3", "2%00", "%202", "%2B2", "0x10", "1e3"})
        void anything_but_ascii_digits_stays_text_for_the_validator_to_refuse(String raw) {
            JsonNode version = bind(request("DELETE", "/things/t1").query("expectedVersion", raw)).get("expectedVersion");

            assertThat(version.isTextual()).as("bound as text, not converted").isTrue();
        }

        @Test
        void long_past_64_bits_keeps_its_exact_value() {
            JsonNode version = bind(request("DELETE", "/things/t1").query("expectedVersion", "18446744073709551618"))
                    .get("expectedVersion");

            assertThat(version.bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551618"));
        }

        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void boolean_is_converted(boolean value) {
            JsonNode flag = bind(request("GET", "/things").query("usePrefixAttributeValue", Boolean.toString(value)))
                    .get("usePrefixAttributeValue");

            assertThat(flag.isBoolean()).isTrue();
            assertThat(flag.booleanValue()).isEqualTo(value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "TRUE", "%20true"})
        void anything_but_true_or_false_stays_text_for_the_validator_to_refuse(String raw) {
            assertThat(bind(request("GET", "/things").query("usePrefixAttributeValue", raw))
                    .get("usePrefixAttributeValue").isTextual()).isTrue();
        }

        @Test
        void string_is_percent_decoded() {
            ObjectNode input = bind(request("GET", "/things").query("attributeName", "a%2Fb").query("maxResults", "5"));

            assertThat(input.path("attributeName").asText()).isEqualTo("a/b");
            assertThat(input.path("maxResults").intValue()).isEqualTo(5);
        }

        @Test
        void iso_timestamp_is_converted_to_epoch_seconds() {
            ObjectNode input = bind(request("GET", "/audit/tasks").query("startTime", "2024-01-01T00:00:00Z")
                    .query("endTime", "1704067260.5"));

            assertThat(input.path("startTime").longValue()).isEqualTo(1_704_067_200L);
            assertThat(input.path("endTime").longValue()).isEqualTo(1_704_067_260L);
        }

        @Test
        void epoch_seconds_keep_their_milliseconds() {
            JsonNode end = bind(request("GET", "/audit/tasks").query("endTime", "1704067260.5")).get("endTime");

            assertThat(end.decimalValue()).isEqualByComparingTo(new BigDecimal("1704067260.5"));
        }

        @Test
        void absent_member_stays_absent() {
            assertThat(bind(request("GET", "/things")).has("maxResults")).isFalse();
        }

        @Test
        void unknown_parameter_is_ignored() {
            assertThat(bind(request("GET", "/things").query("bogus", "1")).properties()).isEmpty();
        }
    }

    @Nested
    class HeaderMembers {
        @Test
        void bind_to_their_member_by_location_name() {
            String cert = "arn:aws:iot:eu-west-1:123456789012:cert/abc123";
            ObjectNode input = bind(request("PUT", "/things/t1/principals").header("x-amzn-principal", cert));

            assertThat(input.path("principal").asText()).isEqualTo(cert);
            assertThat(input.has("x-amzn-principal")).isFalse();
        }

        @Test
        void match_the_header_name_in_any_case() {
            ObjectNode input = bind(request("PUT", "/things/t1/principals").header("X-Amzn-Principal", "p1"));

            assertThat(input.path("principal").asText()).isEqualTo("p1");
        }
    }

    @Nested
    class JsonBody {
        @Test
        void members_are_bound_as_sent() {
            ObjectNode input = bind(request("POST", "/things/t1")
                    .body("{\"thingTypeName\":\"sensor\",\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}"));

            assertThat(input.path("thingTypeName").asText()).isEqualTo("sensor");
            assertThat(input.path("attributePayload").path("attributes").path("k").asText()).isEqualTo("v");
        }

        @Test
        void wrong_json_type_is_bound_as_is_for_the_validator_to_reject() {
            ObjectNode input = bind(request("POST", "/things/t1").body("{\"attributePayload\":\"color=red\"}"));

            assertThat(input.get("attributePayload").isTextual()).isTrue();
        }

        @Test
        void members_the_model_does_not_have_are_dropped() {
            ObjectNode input = bind(request("POST", "/things/t1").body("{\"bogus\":true}"));

            assertThat(input.has("bogus")).isFalse();
        }

        @Test
        void empty_body_binds_no_body_members() {
            ObjectNode input = bind(request("POST", "/things/t1"));

            assertThat(input.properties()).extracting(Map.Entry::getKey).containsExactly("thingName");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{", "{\"thingTypeName\":}", "not json"})
        void malformed_json_is_an_invalid_request(String body) {
            assertInvalidRequest(request("POST", "/things/t1").body(body), "not valid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{} xx", "{}{}", "{} {\"thingTypeName\":\"t\"}", "{}x", "{} 1", "{}]"})
        void content_after_the_object_is_an_invalid_request(String body) {
            assertInvalidRequest(request("POST", "/things/t1").body(body),
                    "The request body is not valid JSON: content follows the JSON object");
        }

        @Test
        void whitespace_after_the_object_is_fine() {
            assertThat(bind(request("POST", "/things/t1").body("{\"thingTypeName\":\"t\"} \r\n\t"))
                    .path("thingTypeName").asText()).isEqualTo("t");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"thingTypeName\":\"a\",\"thingTypeName\":\"b\"}",
                "{\"attributePayload\":{\"attributes\":{\"k\":\"1\",\"k\":\"2\"}}}",
                "{\"bogus\":[{\"x\":1,\"x\":1}]}"})
        void a_key_twice_in_an_object_at_any_depth_is_an_invalid_request(String body) {
            assertInvalidRequest(request("POST", "/things/t1").body(body), "Duplicate field");
        }

        @Test
        void a_key_twice_in_a_structure_payload_is_an_invalid_request() {
            assertInvalidRequest(request("POST", "/rules/r1").body("{\"sql\":\"a\",\"sql\":\"b\",\"actions\":[]}"),
                    "Duplicate field 'sql'");
        }

        @Test
        void integers_keep_their_exact_value_whatever_their_size() {
            JsonNode version = bind(request("PATCH", "/things/t1").body("{\"expectedVersion\":18446744073709551618}"))
                    .get("expectedVersion");

            assertThat(version.bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551618"));
        }

        @Test
        void decimals_keep_their_exact_value_and_never_become_infinite() {
            JsonNode d = bind(request("POST", "/command-executions").signedFor("iot-jobs-data")
                    .body("{\"parameters\":{\"p\":{\"D\":1e400}}}")).path("parameters").path("p").get("D");

            assertThat(d.decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1E8446744073709551617", "-1e-8446744073709551617"})
        void a_number_whose_exponent_no_decimal_holds_is_an_invalid_request_not_an_internal_failure(String number) {
            assertInvalidRequest(request("PATCH", "/things/t1").body("{\"expectedVersion\": " + number + "}"),
                    "number out of range");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"text\"", "42"})
        void json_other_than_an_object_is_an_invalid_request(String body) {
            assertInvalidRequest(request("POST", "/things/t1").body(body), "must be a JSON object");
        }
    }

    @Nested
    class StructurePayload {
        @Test
        void takes_the_whole_body_as_the_payload_member() {
            ObjectNode input = bind(request("POST", "/rules/r1").header("x-amz-tagging", "team=a")
                    .body("{\"sql\":\"SELECT * FROM 'a/b'\",\"actions\":[]}"));

            assertThat(input.path("ruleName").asText()).isEqualTo("r1");
            assertThat(input.path("tags").asText()).isEqualTo("team=a");
            assertThat(input.path("topicRulePayload").path("sql").asText()).isEqualTo("SELECT * FROM 'a/b'");
            assertThat(input.has("sql")).isFalse();
        }

        @Test
        void malformed_payload_is_an_invalid_request() {
            assertInvalidRequest(request("POST", "/rules/r1").body("{\"sql\""), "not valid JSON");
        }
    }

    @Nested
    class RawPayload {
        @Test
        void publish_keeps_its_bytes_and_binds_the_rest_from_uri_and_query() throws IOException {
            byte[] payload = "{\"not\":\"parsed\"".getBytes(StandardCharsets.UTF_8);
            ObjectNode input = bind(request("POST", "/topics/a%2Fb").query("qos", "1").query("retain", "true")
                    .body(payload));

            assertThat(input.path("topic").asText()).isEqualTo("a/b");
            assertThat(input.path("qos").intValue()).isEqualTo(1);
            assertThat(input.path("retain").booleanValue()).isTrue();
            assertThat(input.get("payload").isBinary()).isTrue();
            assertThat(input.get("payload").binaryValue()).isEqualTo(payload);
        }

        @Test
        void empty_publish_has_no_payload_member() {
            assertThat(bind(request("POST", "/topics/t")).has("payload")).isFalse();
        }
    }
}
