package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.auth.Caller;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures answered as S3 answers them: its XML error document, its status per code, never IoT's JSON. */
class S3ErrorsTest {

    private static S3Response failing(String operation, String request, RuntimeException failure) {
        return Wire.of(request).sentTo(new Recorder(call -> {
            throw failure;
        }).endpointFor(operation));
    }

    @Test
    void a_missing_key_is_404_with_s3s_document() {
        S3Response response = failing("GetObject", "GET /firmware/dir/fw%20v2.bin\nHost: localhost",
                new S3Exception("NoSuchKey", "The specified key does not exist.", Map.of("Key", "dir/fw v2.bin")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers()).containsEntry("Content-Type", "application/xml")
                .containsEntry("x-amz-request-id", "req-1").doesNotContainKey("x-amzn-ErrorType");
        assertThat(Wire.text(response)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
                <Key>dir/fw v2.bin</Key><Resource>/firmware/dir/fw v2.bin</Resource><RequestId>req-1</RequestId>\
                <HostId>cmVxLTE=</HostId></Error>""");
    }

    @Test
    void a_head_error_has_its_status_and_no_body() {
        S3Response response = failing("HeadObject", "HEAD /b/k\nHost: localhost",
                new S3Exception("NoSuchKey", "The specified key does not exist."));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers()).containsEntry("x-amz-request-id", "req-1");
    }

    @Test
    void not_modified_is_304_without_a_body_but_with_the_objects_tag() {
        S3Response response = failing("GetObject", "GET /b/k\nHost: localhost\nIf-None-Match: \"e\"",
                new S3Exception("NotModified", "Not Modified", Map.of(), Map.of("ETag", "\"e\"")));

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers()).containsEntry("ETag", "\"e\"");
    }

    @Test
    void an_unsatisfiable_range_is_416_with_the_objects_size() {
        S3Response response = failing("GetObject", "GET /b/k\nHost: localhost\nRange: bytes=100-",
                new S3Exception("InvalidRange", "The requested range is not satisfiable",
                        Map.of("RangeRequested", "bytes=100-", "ActualObjectSize", "12"),
                        Map.of("Content-Range", "bytes */12")));

        assertThat(response.status()).isEqualTo(416);
        assertThat(response.headers()).containsEntry("Content-Range", "bytes */12");
        assertThat(Wire.text(response)).contains("<ActualObjectSize>12</ActualObjectSize>");
    }

    @ParameterizedTest
    @CsvSource({"NoSuchBucket, 404", "NoSuchUpload, 404", "NoSuchVersion, 404", "BucketNotEmpty, 409",
            "BucketAlreadyOwnedByYou, 409", "InvalidBucketName, 400", "KeyTooLongError, 400", "PreconditionFailed, 412",
            "EntityTooSmall, 400", "InvalidPart, 400", "InvalidPartOrder, 400", "BadDigest, 400", "InvalidDigest, 400",
            "AccessDenied, 403", "SignatureDoesNotMatch, 403", "ServiceUnavailable, 503", "InternalError, 500"})
    void each_code_has_s3s_status(String code, int status) {
        S3Response response = failing("PutObject", "PUT /b/k\nHost: localhost", new S3Exception(code, "why"));

        assertThat(response.status()).isEqualTo(status);
        assertThat(Wire.text(response)).contains("<Code>" + code + "</Code><Message>why</Message>");
    }

    @Test
    void a_code_s3_does_not_have_cannot_be_raised() {
        assertThatThrownBy(() -> new S3Exception("NoSuchThing", "why")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"INVALID_SIGNATURE, SignatureDoesNotMatch, 403", "MISSING_AUTHENTICATION_TOKEN, AccessDenied, 403",
            "UNRECOGNIZED_CLIENT, InvalidAccessKeyId, 403", "INCOMPLETE_SIGNATURE, AuthorizationHeaderMalformed, 400",
            "REQUEST_TOO_LARGE, EntityTooLarge, 400", "REQUEST_TIMEOUT, RequestTimeout, 400",
            "SERVICE_UNAVAILABLE, ServiceUnavailable, 503", "INVALID_REQUEST, InvalidRequest, 400"})
    void the_shared_layers_errors_read_in_s3s_words(ErrorCode code, String s3Code, int status) {
        Wire wire = Wire.of("GET /b/k\nHost: localhost");
        S3Endpoint endpoint = new Recorder().endpointFor("GetObject");

        S3Response response = endpoint.error(new FleetlineException(code, "told"), wire.head(), Optional.empty(), "r");

        assertThat(response.status()).isEqualTo(status);
        assertThat(Wire.text(response)).contains("<Code>" + s3Code + "</Code><Message>told</Message>")
                .contains("<Resource>/b/k</Resource>");
    }

    @Test
    void a_bug_in_a_handler_is_an_internal_error_that_tells_nothing_of_it() {
        S3Response response = failing("ListObjectsV2", "GET /b?list-type=2\nHost: localhost",
                new IllegalStateException("secret detail at com.example.Internal"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(Wire.text(response)).contains("<Code>InternalError</Code>").doesNotContain("secret detail")
                .doesNotContain("IllegalStateException");
    }

    @Test
    void an_operation_without_a_handler_is_not_implemented_and_its_body_is_not_read() {
        S3Endpoint endpoint = new Recorder().endpointFor("GetObject");

        S3Response response = endpoint.handle(Wire.of("PUT /b?tagging\nHost: localhost\nContent-Length: 10").head(),
                () -> {
                    throw new AssertionError("the body was read");
                }, Caller.ANONYMOUS, "req-1");

        assertThat(response.status()).isEqualTo(501);
        assertThat(Wire.text(response)).contains("<Code>NotImplemented</Code>");
    }

    @Test
    void an_unrouted_request_is_method_not_allowed_with_its_resource() {
        S3Response response = Wire.of("POST /b/k\nHost: localhost").sentTo(new Recorder().endpointFor("GetObject"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(Wire.text(response)).contains("<Code>MethodNotAllowed</Code>", "<Method>POST</Method>",
                "<ResourceType>OBJECT</ResourceType>", "<Resource>/b/k</Resource>");
    }
}
