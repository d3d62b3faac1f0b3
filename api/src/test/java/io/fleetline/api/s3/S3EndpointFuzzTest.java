package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetline.api.auth.Caller;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.binding.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of what an S3 client controls: method, path, query, headers (the host among them)
 * and body, routed, bound and validated against the S3 model with every operation served by a handler that reads its
 * stream and answers nothing.
 *
 * <p>Whatever arrives is answered with S3's XML error and a 4xx (no body for HEAD), or reaches its handler having passed
 * validation; a 5xx, an exception escaping the endpoint, or an error code S3 does not have is a finding. The fuzzer
 * starts from requests as the CLIs and the SDK send them ({@link WireText} form).
 */
class S3EndpointFuzzTest {
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final S3Endpoint ENDPOINT = new S3Endpoint(new S3Router(S3TestServer.S3, List.of("localhost")),
            servingEveryOperation());
    private static final Pattern CODE = Pattern.compile("<Error><Code>([A-Za-z]+)</Code><Message>[^<]*</Message>");

    static Stream<Arguments> clientRequests() {
        return Stream.of(
                "PUT /my-iot-firmware\nHost: 127.0.0.1:8080\nContent-Length: 0\n\n",
                "PUT /my-eu-bucket\nHost: localhost\n\n<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
                        + "2006-03-01/\"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>",
                "PUT /b?versioning\nHost: localhost\nContent-MD5: QQFYoy/mRYV9PGZUfFi0Bw==\n\n<VersioningConfiguration "
                        + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>",
                "PUT /b/devices/fw.bin\nHost: localhost\nx-amz-meta-version: 2.1.0\nContent-Type: text/plain\n\nhello",
                "PUT /k?partNumber=3&uploadId=U\nHost: b.localhost:1\nContent-Encoding: aws-chunked\n"
                        + "x-amz-decoded-content-length: 5\n\nhello",
                "PUT /b/k\nHost: localhost\nx-amz-copy-source: src/a%20b?versionId=v1\nx-amz-metadata-directive: COPY\n\n",
                "GET /b/a%20b/c%2Bd?versionId=v1\nHost: localhost\nIf-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT\n"
                        + "Range: bytes=0-1\n\n",
                "GET /b?list-type=2&delimiter=%2F&prefix=devices%2F&encoding-type=url&max-keys=10\nHost: localhost\n\n",
                "GET /b?versions&encoding-type=url\nHost: localhost\n\n",
                "POST /b?delete\nHost: localhost\nx-amz-checksum-crc32: UaYRLA==\n\n<Delete><Object><Key>a</Key></Object>"
                        + "<Object><Key>b</Key><VersionId>v2</VersionId></Object><Quiet>true</Quiet></Delete>",
                "POST /b/k?uploadId=U\nHost: localhost\n\n<CompleteMultipartUpload><Part><ETag>\"e\"</ETag>"
                        + "<PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
                "HEAD /b/k\nHost: b.s3.eu-west-1.amazonaws.com\n\n",
                "GET /\nHost: localhost\n\n")
                .map(text -> Arguments.of((Object) text.getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("clientRequests")
    @FuzzTest(maxDuration = "10s")
    void any_request_is_answered_with_an_s3_client_error_or_reaches_its_handler_valid(byte[] input) {
        RawRequest request = WireText.parse(input);
        int handledBefore = HANDLED.get();

        S3Response response = ENDPOINT.handle(request, RequestPayload.of(request.body()), Caller.ANONYMOUS, "r");

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).as("%s %s answered %s", request.method(), request.rawPath(), body)
                .isBetween(200, 499);
        assertThat(response.headers()).containsEntry("x-amz-request-id", "r");
        if (response.status() < 300) {
            assertThat(HANDLED.get()).as("an answered request skipped its handler").isEqualTo(handledBefore + 1);
            return;
        }
        assertThat(HANDLED.get()).as("a refused request reached its handler").isEqualTo(handledBefore);
        if (!request.method().equals("HEAD")) {
            Matcher error = CODE.matcher(body);
            assertThat(error.find()).as("an S3 error document: %s", body).isTrue();
            assertThat(S3ErrorCodes.status(error.group(1))).hasValue(response.status());
        }
    }

    private static S3Handlers servingEveryOperation() {
        S3Handlers handlers = new S3Handlers(S3TestServer.S3);
        S3TestServer.S3.operations().keySet().forEach(op -> handlers.register(op, call -> {
            HANDLED.incrementAndGet();
            call.body().ifPresent(body -> {
                try (InputStream in = body.stream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return S3Result.empty();
        }));
        return handlers;
    }
}
