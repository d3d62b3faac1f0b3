package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ACM speaks AWS's {@code json} protocol: every operation is {@code POST /} named by {@code X-Amz-Target}, the body is
 * the input, answers are {@code application/x-amz-json-1.1}; AWS Signer beside it is {@code rest-json} and names
 * invalid input {@code ValidationException}, as ACM does.
 */
class JsonProtocolDispatchTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"), ServiceModel.load("acm"),
            ServiceModel.load("signer"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN =
            "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c4b1e-8e7a-4c55-9d0e-1b2c3d4e5f60";

    private final List<OperationCall> calls = new ArrayList<>();
    private final ApiDispatcher dispatcher = new ApiDispatcher(new Router(MODELS), new HandlerRegistry(MODELS)
            .register("acm", "DescribeCertificate", this::describe)
            .register("acm", "ImportCertificate", this::record)
            .register("signer", "GetSigningProfile", this::record), Optional.empty(), JSON);

    private JsonNode describe(OperationCall call) {
        calls.add(call);
        if (!call.input().string("CertificateArn").equals(ARN)) {
            throw FleetlineException.notFound("Could not find certificate " + call.input().string("CertificateArn"));
        }
        var out = Output.object();
        out.putObject("Certificate").put("CertificateArn", ARN)
                .set("ImportedAt", Output.timestamp(Instant.parse("2026-06-01T12:00:00.250Z")));
        return out;
    }

    private JsonNode record(OperationCall call) {
        calls.add(call);
        return Output.empty();
    }

    private static RawRequest acm(String target, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:8443"));
        headers.put("X-Amz-Target", List.of(target));
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        return new RawRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode body(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void an_operation_is_named_by_its_target_and_answered_as_amz_json_with_epoch_seconds() {
        ApiResponse response = dispatcher.dispatch(acm("CertificateManager.DescribeCertificate",
                "{\"CertificateArn\": \"" + ARN + "\"}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/x-amz-json-1.1");
        assertThat(body(response).path("Certificate").path("ImportedAt").decimalValue())
                .isEqualByComparingTo("1780315200.250");
        assertThat(calls).singleElement().satisfies(call ->
                assertThat(call.operation().qualifiedName()).isEqualTo("acm:DescribeCertificate"));
    }

    @Test
    void an_error_carries_its_type_in_the_body_and_header_with_the_json_protocols_status() {
        ApiResponse response = dispatcher.dispatch(acm("CertificateManager.DescribeCertificate",
                "{\"CertificateArn\": \"" + ARN.replace("0f3c", "1f3c") + "\"}"));

        assertThat(response.status()).as("ACM's model gives its errors no status: 400").isEqualTo(400);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException")
                .containsEntry("Content-Type", "application/x-amz-json-1.1");
        assertThat(body(response).path("__type").asText()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void invalid_input_is_a_validation_exception_in_services_that_name_it_so() {
        ApiResponse acm = dispatcher.dispatch(acm("CertificateManager.DescribeCertificate",
                "{\"CertificateArn\": \"not-an-arn\"}"));
        ApiResponse signer = dispatcher.dispatch(new RawRequest("GET", "/signing-profiles/a-b", "",
                Map.of("Host", List.of("localhost")), new byte[0]));

        assertThat(acm.status()).isEqualTo(400);
        assertThat(body(acm).path("__type").asText()).isEqualTo("ValidationException");
        assertThat(body(acm).path("message").asText()).contains("at 'CertificateArn'");
        assertThat(signer.status()).isEqualTo(400);
        assertThat(signer.headers()).containsEntry("x-amzn-ErrorType", "ValidationException")
                .containsEntry("Content-Type", "application/json");
        assertThat(calls).isEmpty();
    }

    @Test
    void a_blob_must_be_base64_and_its_decoded_length_is_checked() {
        ApiResponse notBase64 = dispatcher.dispatch(acm("CertificateManager.ImportCertificate",
                "{\"Certificate\": \"%%%\", \"PrivateKey\": \"YQ==\"}"));
        ApiResponse empty = dispatcher.dispatch(acm("CertificateManager.ImportCertificate",
                "{\"Certificate\": \"\", \"PrivateKey\": \"YQ==\"}"));
        ApiResponse fine = dispatcher.dispatch(acm("CertificateManager.ImportCertificate",
                "{\"Certificate\": \"YWJj\", \"PrivateKey\": \"YQ==\"}"));

        assertThat(body(notBase64).path("message").asText()).contains("at 'Certificate'")
                .contains("base64-encoded binary data");
        assertThat(body(empty).path("message").asText()).contains("at 'Certificate'")
                .contains("length greater than or equal to 1");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(calls).singleElement().satisfies(call ->
                assertThat(call.input().optBlob("Certificate")).hasValueSatisfying(bytes ->
                        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("abc")));
    }

    @Test
    void a_target_is_served_only_as_post_to_the_root() {
        RawRequest get = new RawRequest("GET", "/", "", Map.of("X-Amz-Target",
                List.of("CertificateManager.DescribeCertificate")), new byte[0]);
        RawRequest elsewhere = new RawRequest("POST", "/certificates", "", Map.of("X-Amz-Target",
                List.of("CertificateManager.DescribeCertificate")), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(dispatcher.dispatch(get).status()).isEqualTo(404);
        assertThat(dispatcher.dispatch(elsewhere).status()).isEqualTo(404);
        assertThat(body(dispatcher.dispatch(acm("CertificateManager.NoSuchOperation", "{}"))).path("__type").asText())
                .isEqualTo("UnknownOperationException");
        assertThat(calls).isEmpty();
    }

    @Test
    void without_a_target_a_post_to_the_root_reaches_no_json_operation() {
        RawRequest untargeted = new RawRequest("POST", "/", "", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(body(dispatcher.dispatch(untargeted)).path("__type").asText())
                .isEqualTo("UnknownOperationException");
    }
}
