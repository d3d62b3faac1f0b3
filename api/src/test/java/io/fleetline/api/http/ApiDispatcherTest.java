package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Admission;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.Caller;
import io.fleetline.api.auth.InMemoryKeys;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.OperationHandler;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiDispatcherTest {
    private static final List<ServiceModel> MODELS = List.of(
            ServiceModel.load("iot"), ServiceModel.load("iot-jobs-data"), ServiceModel.load("iot-data"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING_ARN = "arn:aws:iot:eu-west-1:123456789012:thing/t1";

    private final List<OperationCall> calls = new ArrayList<>();

    private static ObjectNode describedThing() {
        ObjectNode thing = JSON.createObjectNode();
        thing.put("thingName", "t1");
        thing.put("thingArn", THING_ARN);
        thing.put("version", 1);
        return thing;
    }

    /** A dispatcher serving only iot:DescribeThing, with authentication off. */
    private ApiDispatcher describeThingAnswering(OperationHandler handler) {
        return dispatcherWith("DescribeThing", handler, Optional.empty());
    }

    private ApiDispatcher dispatcherWith(String operation, OperationHandler handler, Optional<SigV4Verifier> verifier) {
        OperationHandler recording = call -> {
            calls.add(call);
            return handler.handle(call);
        };
        HandlerRegistry handlers = new HandlerRegistry(MODELS).register("iot", operation, recording);
        return new ApiDispatcher(new Router(MODELS), handlers, verifier, JSON);
    }

    private static RawRequest request(String method, String rawPath) {
        return request(method, rawPath, "");
    }

    private static RawRequest request(String method, String rawPath, String rawQuery) {
        return new RawRequest(method, rawPath, rawQuery, Map.of("Host", List.of("localhost:8443")), new byte[0]);
    }

    private static RawRequest request(String method, String rawPath, String rawQuery, String body) {
        return new RawRequest(method, rawPath, rawQuery, Map.of("Host", List.of("localhost:8443")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode body(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("response body is not JSON: "
                    + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static void assertAwsError(ApiResponse response, int status, String type) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("x-amzn-ErrorType", type)
                .containsKey("x-amzn-RequestId");
        JsonNode body = body(response);
        assertThat(body.path("__type").asText()).isEqualTo(type);
        assertThat(body.path("message").isTextual()).isTrue();
    }

    @Nested
    class Success {
        @Test
        void answers_200_with_the_handler_output_as_json() {
            ApiResponse response = describeThingAnswering(call -> describedThing())
                    .dispatch(request("GET", "/things/t1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("Content-Type", "application/json");
            assertThat(body(response)).isEqualTo(describedThing());
        }

        @Test
        void carries_a_request_id_that_the_handler_saw_too() {
            ApiResponse response = describeThingAnswering(call -> describedThing())
                    .dispatch(request("GET", "/things/t1"));

            assertThat(response.headers().get("x-amzn-RequestId")).isNotBlank();
            String requestId = response.headers().get("x-amzn-RequestId");
            assertThat(calls).singleElement().satisfies(call -> assertThat(call.requestId()).isEqualTo(requestId));
        }

        @Test
        void gives_the_handler_the_bound_input_and_an_anonymous_caller() {
            describeThingAnswering(call -> describedThing()).dispatch(request("GET", "/things/t%3A1"));

            assertThat(calls).singleElement().satisfies(call -> {
                assertThat(call.operation().qualifiedName()).isEqualTo("iot:DescribeThing");
                assertThat(call.input().string("thingName")).isEqualTo("t:1");
                assertThat(call.caller()).isEqualTo(Caller.ANONYMOUS);
            });
        }

        @Test
        void answers_an_empty_object_when_the_handler_returns_nothing() {
            ApiResponse response = describeThingAnswering(call -> null).dispatch(request("GET", "/things/t1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).isEqualTo(JSON.createObjectNode());
        }

        @Test
        void gives_every_request_its_own_id() {
            ApiDispatcher dispatcher = describeThingAnswering(call -> describedThing());

            String first = dispatcher.dispatch(request("GET", "/things/t1")).headers().get("x-amzn-RequestId");
            String second = dispatcher.dispatch(request("GET", "/things/t1")).headers().get("x-amzn-RequestId");

            assertThat(first).isNotEqualTo(second);
        }
    }

    @Nested
    class Errors {

        @Test
        void unknown_route_is_404_unknown_operation() {
            ApiResponse response = describeThingAnswering(call -> describedThing())
                    .dispatch(request("GET", "/no-such/route"));

            assertAwsError(response, 404, "UnknownOperationException");
            assertThat(body(response).path("message").asText()).contains("GET /no-such/route");
            assertThat(calls).isEmpty();
        }

        @Test
        void operation_without_a_handler_is_400_invalid_request() {
            ApiResponse response = describeThingAnswering(call -> describedThing()).dispatch(request("GET", "/things"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(body(response).path("message").asText()).contains("ListThings");
        }

        @Test
        void invalid_input_is_400_and_never_reaches_the_handler() {
            ApiResponse response = describeThingAnswering(call -> describedThing())
                    .dispatch(request("GET", "/things/bad%20name"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(body(response).path("message").asText()).startsWith("1 validation error detected: ");
            assertThat(calls).isEmpty();
        }

        @Test
        void a_long_past_64_bits_is_400_naming_the_member_and_never_reaches_the_handler() {
            ApiResponse response = dispatcherWith("UpdateThing", call -> JSON.createObjectNode(), Optional.empty())
                    .dispatch(request("PATCH", "/things/t1", "", "{\"expectedVersion\": 18446744073709551618}"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(body(response).path("message").asText()).isEqualTo("1 validation error detected: "
                    + "Value '18446744073709551618' at 'expectedVersion' failed to satisfy constraint: "
                    + "Member must have value less than or equal to 9223372036854775807");
            assertThat(calls).isEmpty();
        }

        @Test
        void content_after_the_json_body_is_400_and_never_reaches_the_handler() {
            ApiResponse response = dispatcherWith("UpdateThing", call -> JSON.createObjectNode(), Optional.empty())
                    .dispatch(request("PATCH", "/things/t1", "", "{\"expectedVersion\": 1} xx"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(calls).isEmpty();
        }

        @Test
        void a_key_twice_in_the_json_body_is_400_and_never_reaches_the_handler() {
            ApiResponse response = dispatcherWith("UpdateThing", call -> JSON.createObjectNode(), Optional.empty())
                    .dispatch(request("PATCH", "/things/t1", "", "{\"expectedVersion\": 1, \"expectedVersion\": 2}"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(body(response).path("message").asText()).contains("Duplicate field 'expectedVersion'");
            assertThat(calls).isEmpty();
        }

        @Test
        void a_non_ascii_digit_in_the_query_is_400_naming_the_member() {
            ApiResponse response = dispatcherWith("ListThings", call -> JSON.createObjectNode(), Optional.empty())
                    .dispatch(request("GET", "/things", "maxResults=%D9%A3"));

            assertAwsError(response, 400, "InvalidRequestException");
            assertThat(body(response).path("message").asText()).contains("at 'maxResults'");
            assertThat(calls).isEmpty();
        }

        @Test
        void invalid_path_encoding_is_400_invalid_request() {
            ApiResponse response = describeThingAnswering(call -> describedThing())
                    .dispatch(request("GET", "/things/t%zz"));

            assertAwsError(response, 400, "InvalidRequestException");
        }

        @Test
        void invalid_query_encoding_is_400_invalid_request() {
            ApiResponse response = dispatcherWith("ListThings", call -> JSON.createObjectNode(), Optional.empty())
                    .dispatch(request("GET", "/things", "nextToken=%zz"));

            assertAwsError(response, 400, "InvalidRequestException");
        }

        @Test
        void not_found_from_the_handler_is_404() {
            ApiResponse response = describeThingAnswering(call -> {
                throw FleetlineException.notFound("Thing t1 cannot be found.");
            }).dispatch(request("GET", "/things/t1"));

            assertAwsError(response, 404, "ResourceNotFoundException");
            assertThat(body(response).path("message").asText()).isEqualTo("Thing t1 cannot be found.");
        }

        @Test
        void already_exists_carries_resource_id_and_arn() {
            ApiResponse response = dispatcherWith("CreateThing", call -> {
                throw FleetlineException.alreadyExists("Thing t1 already exists", "t1", THING_ARN);
            }, Optional.empty()).dispatch(request("POST", "/things/t1"));

            assertAwsError(response, 409, "ResourceAlreadyExistsException");
            assertThat(body(response).path("resourceId").asText()).isEqualTo("t1");
            assertThat(body(response).path("resourceArn").asText()).isEqualTo(THING_ARN);
        }

        @Test
        void version_conflict_outside_the_operation_errors_uses_the_status_table() {
            ApiResponse response = describeThingAnswering(call -> {
                throw FleetlineException.versionConflict("version 2 is not 1");
            }).dispatch(request("GET", "/things/t1"));

            assertAwsError(response, 409, "VersionConflictException");
        }

        @Test
        void bug_in_a_handler_is_500_without_its_details() {
            ApiResponse response = describeThingAnswering(call -> {
                throw new IllegalStateException("secret detail: db password is hunter2");
            }).dispatch(request("GET", "/things/t1"));

            assertAwsError(response, 500, "InternalFailureException");
            String text = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(text)
                    .doesNotContain("secret detail", "hunter2", "IllegalStateException", "java.", "io.fleetline")
                    .contains(response.headers().get("x-amzn-RequestId"));
        }

        @Test
        void unsigned_request_is_403_when_authentication_is_on() {
            SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                    "us-east-1");
            ApiResponse response = dispatcherWith("DescribeThing", call -> describedThing(), Optional.of(verifier))
                    .dispatch(request("GET", "/things/t1"));

            assertAwsError(response, 403, "MissingAuthenticationTokenException");
            assertThat(calls).isEmpty();
        }
    }

    /** A request is refused from its head whenever the head says enough: its body is then never read. */
    @Nested
    class BeforeTheBody {
        private final List<String> bodyReads = new ArrayList<>();

        private BodySource bodyOf(String json) {
            return () -> {
                bodyReads.add(json);
                return json.getBytes(StandardCharsets.UTF_8);
            };
        }

        private ApiDispatcher signedBy(Authenticator authenticator) {
            HandlerRegistry handlers = new HandlerRegistry(MODELS).register("iot", "CreateThing", call -> {
                calls.add(call);
                return JSON.createObjectNode();
            });
            return new ApiDispatcher(new Router(MODELS), handlers, authenticator, JSON);
        }

        private Authenticator signedFor(String service) {
            return head -> Admission.of(new Caller(Optional.of("AKIDEXAMPLE"), Optional.of("us-east-1"),
                    Optional.of(service)));
        }

        @Test
        void an_unsigned_request_is_refused_without_reading_its_body() {
            SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(), Clock.systemUTC(), "us-east-1");
            ApiResponse response = signedBy(verifier).dispatch(request("POST", "/things/t1"), bodyOf("{}"));

            assertAwsError(response, 403, "MissingAuthenticationTokenException");
            assertThat(bodyReads).isEmpty();
        }

        @Test
        void a_request_for_no_operation_is_refused_without_reading_its_body() {
            ApiResponse response = signedBy(signedFor("iot")).dispatch(request("POST", "/no/such/route"), bodyOf("{}"));

            assertAwsError(response, 404, "UnknownOperationException");
            assertThat(bodyReads).isEmpty();
        }

        @Test
        void a_request_signed_for_another_service_is_refused_without_reading_its_body() {
            ApiResponse response = signedBy(signedFor("s3")).dispatch(request("POST", "/things/t1"), bodyOf("{}"));

            assertAwsError(response, 403, "InvalidSignatureException");
            assertThat(body(response).path("message").asText())
                    .isEqualTo("Credential should be scoped to correct service: 'iot'. ");
            assertThat(bodyReads).isEmpty();
            assertThat(calls).isEmpty();
        }

        @Test
        void a_request_signed_for_the_jobs_data_plane_does_not_reach_the_iot_api() {
            ApiResponse response = signedBy(signedFor("iot-jobs-data")).dispatch(request("POST", "/things/t1"),
                    bodyOf("{}"));

            assertAwsError(response, 403, "InvalidSignatureException");
            assertThat(calls).isEmpty();
        }

        @Test
        void the_cli_v2_signing_name_reaches_the_iot_api_and_its_body_is_read_once() {
            ApiResponse response = signedBy(signedFor("execute-api")).dispatch(request("POST", "/things/t1"),
                    bodyOf("{}"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(bodyReads).hasSize(1);
            assertThat(calls).hasSize(1);
        }

        @Test
        void a_body_that_cannot_be_had_is_answered_with_its_own_error() {
            ApiResponse response = signedBy(signedFor("iot")).dispatch(request("POST", "/things/t1"), () -> {
                throw new FleetlineException(ErrorCode.SERVICE_UNAVAILABLE, "busy");
            });

            assertAwsError(response, 503, "ServiceUnavailableException");
            assertThat(calls).isEmpty();
        }
    }
}
