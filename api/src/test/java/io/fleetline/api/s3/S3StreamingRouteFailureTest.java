package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.auth.BodyException;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.StreamedResponse;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How the S3 route words the failures the server hands it: S3's XML error, S3's code, never JSON. */
class S3StreamingRouteFailureTest {
    private final S3StreamingRoute route = new S3StreamingRoute(new S3Endpoint(
            new S3Router(S3TestServer.S3, List.of("localhost")), new S3Handlers(S3TestServer.S3)), 1024);

    private static RawRequest head(String method) {
        return new RawRequest(method, "/firmware/fw.bin", "", Map.of("host", List.of("localhost")), new byte[0]);
    }

    private static String xml(StreamedResponse response) {
        return new String(((StreamedResponse.Bytes) response.body()).bytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
            "TOO_LARGE, 400, EntityTooLarge",
            "TIMEOUT, 400, RequestTimeout",
            "INCOMPLETE, 400, IncompleteBody",
            "LENGTH_MISMATCH, 400, IncompleteBody",
            "MALFORMED, 400, InvalidRequest",
            "TRAILER_MALFORMED, 400, MalformedTrailerError"})
    void a_refused_body_is_s3s_error_for_its_reason(BodyException.Reason reason, int status, String code) {
        StreamedResponse response = route.failure(head("PUT"), "req-1", new BodyException(reason, "because"));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "application/xml")
                .containsEntry("x-amz-request-id", "req-1");
        assertThat(xml(response)).contains("<Code>" + code + "</Code>", "<Resource>/firmware/fw.bin</Resource>",
                "<RequestId>req-1</RequestId>");
    }

    @Test
    void an_internal_failure_is_internal_error_500() {
        StreamedResponse response = route.failure(head("GET"), "req-2", new FleetlineException(
                ErrorCode.INTERNAL_FAILURE, "Internal failure; request id req-2"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(xml(response)).contains("<Code>InternalError</Code>");
    }

    @Test
    void a_failed_head_request_has_no_body() {
        StreamedResponse response = route.failure(head("HEAD"), "req-3",
                new BodyException(BodyException.Reason.TIMEOUT, "slow"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isInstanceOf(StreamedResponse.Empty.class);
    }

    @Test
    void an_unroutable_request_names_the_path_as_sent() {
        RawRequest unroutable = new RawRequest("PATCH", "/firmware/fw.bin", "", Map.of(), new byte[0]);

        StreamedResponse response = route.failure(unroutable, "req-4",
                new BodyException(BodyException.Reason.INCOMPLETE, "cut"));

        assertThat(xml(response)).contains("<Resource>/firmware/fw.bin</Resource>");
    }
}
