package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static io.fleetline.api.auth.SdkRequest.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

class SigV4VerifierTest {
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final AccessKeyStore KEYS = new InMemoryKeys(new AccessKey(KEY_ID, SECRET, Instant.EPOCH));

    /** The time of AWS's published SigV4 test suite. */
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    static final Instant SIGNED_AT = Instant.parse("2025-03-14T09:26:53Z");

    /** A verifier of a server in eu-west-1, the region the SDK requests below are signed for. */
    private static SigV4Verifier verifierAt(Instant now) {
        return verifierAt(now, "eu-west-1");
    }

    private static SigV4Verifier verifierAt(Instant now, String region) {
        return new SigV4Verifier(KEYS, Clock.fixed(now, ZoneOffset.UTC), region);
    }

    private static void assertRejected(SigV4Verifier verifier, RawRequest request, ErrorCode code) {
        assertThatThrownBy(() -> verifier.verify(request))
                .isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** The vectors of AWS's SigV4 test suite (aws-sig-v4-test-suite), byte for byte. */
    @Nested
    class AwsTestSuite {
        private static final String SCOPE = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=";
        private static final String GET_VANILLA = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        private static final String QUERY_ORDER_KEY_CASE =
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";

        private RawRequest suiteRequest(String rawQuery, String signature) {
            return new RawRequest("GET", "/", rawQuery, Map.of(
                    "Host", List.of("example.amazonaws.com"),
                    "X-Amz-Date", List.of("20150830T123600Z"),
                    "Authorization", List.of(SigV4.ALGORITHM + " " + SCOPE + signature)), new byte[0]);
        }

        @Test
        void get_vanilla_verifies_with_key_and_scope_of_its_credential() {
            Caller caller = verifierAt(SUITE_TIME, "us-east-1").verify(suiteRequest("", GET_VANILLA));

            assertThat(caller).isEqualTo(new Caller(Optional.of(KEY_ID), Optional.of("us-east-1"),
                    Optional.of("service")));
        }

        @Test
        void get_vanilla_query_order_key_case_verifies_with_query_sorted() {
            Caller caller = verifierAt(SUITE_TIME, "us-east-1").verify(suiteRequest("Param2=value2&Param1=value1",
                    QUERY_ORDER_KEY_CASE));

            assertThat(caller.accessKeyId()).contains(KEY_ID);
        }

        @Test
        void signature_changed_in_one_character_is_invalid() {
            String tampered = GET_VANILLA.substring(0, GET_VANILLA.length() - 1) + "0";

            assertRejected(verifierAt(SUITE_TIME, "us-east-1"), suiteRequest("", tampered), ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void signature_of_another_query_is_invalid() {
            assertRejected(verifierAt(SUITE_TIME, "us-east-1"), suiteRequest("Param2=value2&Param1=value1", GET_VANILLA),
                    ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void host_left_out_of_signed_headers_is_an_incomplete_signature() {
            RawRequest request = new RawRequest("GET", "/", "", Map.of(
                    "Host", List.of("example.amazonaws.com"),
                    "X-Amz-Date", List.of("20150830T123600Z"),
                    "Authorization", List.of(SigV4.ALGORITHM + " Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                            + "aws4_request, SignedHeaders=x-amz-date, Signature=" + GET_VANILLA)), new byte[0]);

            assertRejected(verifierAt(SUITE_TIME, "us-east-1"), request, ErrorCode.INCOMPLETE_SIGNATURE);
        }
    }

    /** Requests as the AWS SDK for Java v2 signs and sends them to Fleetline. */
    @Nested
    class SignedByAwsSdk {
        private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

        @Test
        void create_thing_with_json_body_verifies() {
            RawRequest wire = given("POST", "/things/t1").json("{}").signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire))
                    .isEqualTo(new Caller(Optional.of(KEY_ID), Optional.of("eu-west-1"), Optional.of("iot")));
        }

        @Test
        void query_parameters_verify_in_the_order_the_sdk_sends_them() {
            RawRequest wire = given("GET", "/things").query("maxResults", "5").query("attributeName", "a")
                    .signedFor("iot", "eu-west-1").onTheWire();

            assertThat(wire.rawQuery()).isEqualTo("maxResults=5&attributeName=a");
            assertThat(verifier.verify(wire).service()).contains("iot");
        }

        @Test
        void query_values_needing_percent_encoding_verify() {
            RawRequest wire = given("GET", "/things").query("attributeValue", "a b+c/d=e")
                    .signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void topic_with_encoded_slashes_verifies_on_its_single_encoded_wire_path() {
            // the SDK marshaller encodes the topic label once; its signer encodes the path once more
            String wirePath = "/topics/" + SdkHttpUtils.urlEncode("$aws/things/t1/shadow/update");
            RawRequest wire = given("POST", wirePath).json("{\"state\":{}}").signedFor("iotdata", "eu-west-1")
                    .onTheWire();

            assertThat(wire.rawPath()).isEqualTo("/topics/%24aws%2Fthings%2Ft1%2Fshadow%2Fupdate");
            assertThat(verifier.verify(wire).service()).contains("iotdata");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a b", "caf\u00e9/temp", "sensors/+/temp", "alarms/#", "a*b~c(d)", "50%"})
        void topics_with_characters_needing_encoding_verify(String topic) {
            RawRequest wire = given("POST", "/topics/" + SdkHttpUtils.urlEncode(topic)).json("{}")
                    .signedFor("iotdata", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void repeated_and_empty_query_parameters_verify() {
            RawRequest wire = given("GET", "/things").query("tag", "b").query("tag", "a").query("nextToken", "")
                    .signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void header_values_with_runs_of_spaces_verify() {
            RawRequest wire = given("PUT", "/things/t1/principals").header("x-amzn-principal", "  cognito   id  ")
                    .signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void literal_dollar_in_the_path_verifies() {
            RawRequest wire = given("PUT", "/things/t1/jobs/$next").json("{\"stepTimeoutInMinutes\":5}")
                    .signedFor("iot-jobs-data", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).service()).contains("iot-jobs-data");
        }

        @Test
        void header_bound_member_that_is_signed_verifies() {
            RawRequest wire = given("PUT", "/things/t1/principals")
                    .header("x-amzn-principal", "arn:aws:iot:eu-west-1:123456789012:cert/abc123")
                    .signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void signed_header_changed_after_signing_is_invalid() {
            RawRequest wire = given("PUT", "/things/t1/principals")
                    .header("x-amzn-principal", "arn:aws:iot:eu-west-1:123456789012:cert/abc123")
                    .signedFor("iot", "eu-west-1")
                    .onTheWire(headers -> replace(headers, "x-amzn-principal", "arn:aws:iot:eu-west-1:1:cert/other"));

            assertRejected(verifier, wire, ErrorCode.INVALID_SIGNATURE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"iot", "execute-api", "iot-jobs-data", "iotdata"})
        void every_signing_name_fleetline_serves_is_taken_from_the_scope(String service) {
            RawRequest wire = given("GET", "/things/t1").signedFor(service, "eu-west-1").onTheWire();

            assertThat(verifier.verify(wire))
                    .isEqualTo(new Caller(Optional.of(KEY_ID), Optional.of("eu-west-1"), Optional.of(service)));
        }

        @Test
        void body_changed_after_signing_is_invalid() {
            SdkRequest.Signed signed = given("POST", "/things/t1").json("{\"thingTypeName\":\"a\"}")
                    .signedFor("iot", "eu-west-1");
            RawRequest tampered = signed.onTheWireWithBody("{\"thingTypeName\":\"b\"}");

            assertRejected(verifier, tampered, ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void payload_hash_declared_in_a_header_verifies() {
            RawRequest wire = given("POST", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .withPayloadSigningOff().onTheWire();

            assertThat(wire.header("x-amz-content-sha256")).contains(SigV4.sha256Hex(wire.body()));
            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void body_not_matching_its_declared_hash_is_invalid() {
            RawRequest tampered = given("POST", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .withPayloadSigningOff().onTheWireWithBody("{\"thingTypeName\":\"b\"}");

            assertRejected(verifier, tampered, ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void unsigned_payload_over_https_verifies() {
            RawRequest wire = given("POST", "/things/t1").overHttps().json("{}").signedFor("iot", "eu-west-1")
                    .withPayloadSigningOff().onTheWire();

            assertThat(wire.header("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
            assertThat(verifier.verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void path_changed_after_signing_is_invalid() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1").onTheWire();
            RawRequest moved = new RawRequest(wire.method(), "/things/t2", wire.rawQuery(), wire.headers(),
                    wire.body());

            assertRejected(verifier, moved, ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void unknown_access_key_is_an_unrecognized_client() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1")
                    .by("AKIAUNKNOWNUNKNOWN00", SECRET).onTheWire();

            assertRejected(verifier, wire, ErrorCode.UNRECOGNIZED_CLIENT);
        }

        @Test
        void wrong_secret_is_invalid() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1")
                    .by(KEY_ID, "not-the-secret").onTheWire();

            assertRejected(verifier, wire, ErrorCode.INVALID_SIGNATURE);
        }

        @ParameterizedTest
        @ValueSource(longs = {-16, 16})
        void clock_sixteen_minutes_off_is_invalid(long minutes) {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1").onTheWire();

            assertRejected(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(minutes))), wire,
                    ErrorCode.INVALID_SIGNATURE);
        }

        @ParameterizedTest
        @ValueSource(longs = {-14, 14})
        void clock_fourteen_minutes_off_is_tolerated(long minutes) {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1").onTheWire();

            assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(minutes))).verify(wire).accessKeyId())
                    .contains(KEY_ID);
        }
    }

    /** Presigned URLs: the signature in the query string, valid for X-Amz-Expires seconds. */
    @Nested
    class Presigned {
        private RawRequest presigned() {
            return given("GET", "/things/t1").query("maxResults", "5").signedFor("iot", "eu-west-1")
                    .presigned(Duration.ofMinutes(5)).onTheWire();
        }

        @Test
        void carries_its_signature_in_the_query_and_no_authorization_header() {
            RawRequest wire = presigned();

            assertThat(wire.header("authorization")).isEmpty();
            assertThat(wire.queryParameters()).containsKeys("X-Amz-Signature", "X-Amz-Expires", "maxResults");
            assertThat(SigV4Verifier.isSigned(wire)).isTrue();
        }

        @Test
        void verifies_within_its_expiry() {
            Caller caller = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(4))).verify(presigned());

            assertThat(caller)
                    .isEqualTo(new Caller(Optional.of(KEY_ID), Optional.of("eu-west-1"), Optional.of("iot")));
        }

        @Test
        void is_invalid_after_its_expiry() {
            assertRejected(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(6))), presigned(),
                    ErrorCode.INVALID_SIGNATURE);
        }

        @Test
        void signs_the_body_of_a_post_too() {
            RawRequest wire = given("POST", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .presigned(Duration.ofMinutes(5)).onTheWire();

            assertThat(verifierAt(SIGNED_AT).verify(wire).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void is_invalid_with_a_query_parameter_changed() {
            RawRequest wire = presigned();
            RawRequest tampered = new RawRequest(wire.method(), wire.rawPath(),
                    wire.rawQuery().replace("maxResults=5", "maxResults=6"), wire.headers(), wire.body());

            assertRejected(verifierAt(SIGNED_AT), tampered, ErrorCode.INVALID_SIGNATURE);
        }
    }

    @Nested
    class MalformedAuthentication {
        private final SigV4Verifier verifier = verifierAt(SUITE_TIME, "us-east-1");

        private RawRequest withAuthorization(String authorization) {
            return new RawRequest("GET", "/", "", Map.of(
                    "Host", List.of("example.amazonaws.com"),
                    "X-Amz-Date", List.of("20150830T123600Z"),
                    "Authorization", List.of(authorization)), new byte[0]);
        }

        @Test
        void request_without_any_signature_is_missing_its_token() {
            RawRequest request = new RawRequest("GET", "/things", "", Map.of("Host", List.of("localhost")),
                    new byte[0]);

            assertThat(SigV4Verifier.isSigned(request)).isFalse();
            assertRejected(verifier, request, ErrorCode.MISSING_AUTHENTICATION_TOKEN);
        }

        @Test
        void unsigned_request_with_a_malformed_query_is_missing_its_token() {
            RawRequest request = new RawRequest("GET", "/things", "nextToken=%zz", Map.of("Host",
                    List.of("localhost")), new byte[0]);

            assertRejected(verifier, request, ErrorCode.MISSING_AUTHENTICATION_TOKEN);
        }

        @Test
        void signed_request_with_a_malformed_query_is_an_invalid_request() {
            RawRequest request = new RawRequest("GET", "/", "nextToken=%zz", Map.of(
                    "Host", List.of("example.amazonaws.com"),
                    "X-Amz-Date", List.of("20150830T123600Z"),
                    "Authorization", List.of(SigV4.ALGORITHM + " Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")), new byte[0]);

            assertRejected(verifier, request, ErrorCode.INVALID_REQUEST);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "garbage",
            "Bearer abc.def",
            "AWS4-HMAC-SHA256 garbage",
            "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE, SignedHeaders=host;x-amz-date, Signature=abc",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=abc",
        })
        void malformed_authorization_is_an_incomplete_signature(String authorization) {
            assertRejected(verifier, withAuthorization(authorization), ErrorCode.INCOMPLETE_SIGNATURE);
        }

        @Test
        void authorization_without_a_date_header_is_an_incomplete_signature() {
            RawRequest request = new RawRequest("GET", "/", "", Map.of(
                    "Host", List.of("example.amazonaws.com"),
                    "Authorization", List.of(SigV4.ALGORITHM + " Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")), new byte[0]);

            assertRejected(verifier, request, ErrorCode.INCOMPLETE_SIGNATURE);
        }

        @Test
        void scope_date_other_than_the_request_date_is_invalid() {
            assertRejected(verifier, withAuthorization(SigV4.ALGORITHM + " Credential=AKIDEXAMPLE/20150831/us-east-1/"
                    + "service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
                    ErrorCode.INVALID_SIGNATURE);
        }
    }

    /** What is decided from the head alone, before the body is read, and what the scope must name. */
    @Nested
    class BeforeTheBody {
        private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

        private static void assertRejectedWith(SigV4Verifier verifier, RawRequest request, ErrorCode code,
                                               String message) {
            assertThatThrownBy(() -> verifier.admit(request)).isInstanceOfSatisfying(FleetlineException.class, e -> {
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.getMessage()).isEqualTo(message);
            });
        }

        @Test
        void a_scope_naming_another_region_than_the_servers_is_refused_from_the_head() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "us-west-2").onTheWire();

            assertRejectedWith(verifier, wire, ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to a valid region, not 'us-west-2'. ");
        }

        @Test
        void an_unknown_key_is_refused_from_the_head() {
            RawRequest head = given("POST", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .by("AKIAUNKNOWNUNKNOWN00", SECRET).onTheWire();

            assertRejectedWith(verifier, head, ErrorCode.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }

        @Test
        void a_date_too_far_ahead_is_not_yet_current_rather_than_expired() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "eu-west-1").onTheWire();

            assertRejectedWith(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(16))), wire, ErrorCode.INVALID_SIGNATURE,
                    "Signature not yet current: 20250314T092653Z is still later than 20250314T092553Z "
                            + "(20250314T091053Z + 15 min.)");
        }

        @Test
        void a_body_signed_by_its_hash_is_checked_against_the_body_read_later() {
            RawRequest wire = given("POST", "/things/t1").json("{\"a\":1}").signedFor("iot", "eu-west-1")
                    .onTheWire();
            Admission admission = verifier.admit(new RawRequest(wire.method(), wire.rawPath(), wire.rawQuery(),
                    wire.headers(), new byte[0]));

            assertThatThrownBy(() -> admission.confirm(wire.withBody("{\"a\":2}".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(FleetlineException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SIGNATURE));
            admission.confirm(wire);
            assertThat(admission.caller().accessKeyId()).contains(KEY_ID);
        }

        @Test
        void a_declared_payload_hash_lets_the_signature_be_checked_before_the_body() {
            RawRequest wrongSecret = given("PUT", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .by(KEY_ID, "not-the-secret").withPayloadSigningOff().onTheWire();

            assertThat(wrongSecret.header("x-amz-content-sha256")).isPresent();
            assertRejectedWith(verifier, wrongSecret.withBody(new byte[0]), ErrorCode.INVALID_SIGNATURE,
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                            + "Secret Access Key and signing method. Consult the service documentation for details.");
        }

        @Test
        void a_declared_payload_hash_must_match_the_body() {
            RawRequest wire = given("PUT", "/things/t1").json("{}").signedFor("iot", "eu-west-1")
                    .withPayloadSigningOff().onTheWire();
            Admission admission = verifier.admit(wire.withBody(new byte[0]));

            assertThatThrownBy(() -> admission.confirm(wire.withBody("{ }".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(FleetlineException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SIGNATURE));
            admission.confirm(wire);
        }

        @Test
        void a_literal_plus_in_the_query_is_a_space_as_aws_reads_it() {
            RawRequest signed = given("GET", "/things").query("attributeValue", "a b").signedFor("iot", "eu-west-1")
                    .onTheWire();
            assertThat(signed.rawQuery()).isEqualTo("attributeValue=a%20b");
            RawRequest withPlus = new RawRequest(signed.method(), signed.rawPath(),
                    signed.rawQuery().replace("a%20b", "a+b"), signed.headers(), signed.body());

            assertThat(withPlus.queryParameters().get("attributeValue")).containsExactly("a b");
            assertThat(verifier.verify(withPlus).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void an_encoded_plus_stays_a_plus() {
            RawRequest signed = given("GET", "/things").query("attributeValue", "a+b").signedFor("iot", "eu-west-1")
                    .onTheWire();

            assertThat(signed.rawQuery()).isEqualTo("attributeValue=a%2Bb");
            assertThat(signed.queryParameters().get("attributeValue")).containsExactly("a+b");
            assertThat(verifier.verify(signed).accessKeyId()).contains(KEY_ID);
        }

        @Test
        void the_permissive_mode_takes_any_region_and_key() {
            RawRequest wire = given("GET", "/things/t1").signedFor("iot", "ap-south-1").by("111111111111", "x")
                    .onTheWire();

            assertThat(SigV4Verifier.permissive(Clock.systemUTC()).verify(wire))
                    .isEqualTo(new Caller(Optional.of("111111111111"), Optional.of("ap-south-1"), Optional.of("iot")));
        }
    }

    private static Map<String, List<String>> replace(Map<String, List<String>> headers, String name, String value) {
        headers.replaceAll((k, v) -> k.equalsIgnoreCase(name) ? List.of(value) : v);
        return headers;
    }
}
