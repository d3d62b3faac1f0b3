package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.binding.RawRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Given-style builder of a request as the AWS SDK for Java v2 builds it, signs it with its own
 * {@link AwsV4HttpSigner} and sends it to a local Fleetline on port 8443, given back as the server receives it.
 */
final class SdkRequest {
    private final SdkHttpRequest.Builder request;
    private byte[] body = new byte[0];

    private SdkRequest(String method, String encodedPath) {
        request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).protocol("http")
                .host("localhost").port(8443).encodedPath(encodedPath);
    }

    /** @param encodedPath the path as the SDK marshaller produces it, labels already percent-encoded */
    static SdkRequest given(String method, String encodedPath) {
        return new SdkRequest(method, encodedPath);
    }

    SdkRequest overHttps() {
        request.protocol("https");
        return this;
    }

    SdkRequest query(String name, String value) {
        request.appendRawQueryParameter(name, value);
        return this;
    }

    SdkRequest header(String name, String value) {
        request.putHeader(name, value);
        return this;
    }

    SdkRequest json(String json) {
        body = json.getBytes(StandardCharsets.UTF_8);
        request.putHeader("Content-Type", "application/json");
        request.putHeader("Content-Length", Integer.toString(body.length));
        return this;
    }

    /** Any body bytes, with the {@code Content-Length} the SDK's HTTP client sends. */
    SdkRequest body(byte[] bytes) {
        body = bytes.clone();
        request.putHeader("Content-Length", Integer.toString(body.length));
        return this;
    }

    Signed signedFor(String service, String region) {
        return new Signed(request.build(), body, service, region);
    }

    /** The signing step: with the example key, at {@link SigV4VerifierTest#SIGNED_AT}, unless told otherwise. */
    static final class Signed {
        private final SdkHttpRequest request;
        private final byte[] body;
        private final String service;
        private final String region;
        private AwsCredentialsIdentity identity =
                AwsCredentialsIdentity.create(SigV4VerifierTest.KEY_ID, SigV4VerifierTest.SECRET);
        private Optional<Duration> presignedFor = Optional.empty();
        private boolean payloadSigning = true;

        Signed(SdkHttpRequest request, byte[] body, String service, String region) {
            this.request = request;
            this.body = body;
            this.service = service;
            this.region = region;
        }

        Signed by(String keyId, String secret) {
            identity = AwsCredentialsIdentity.create(keyId, secret);
            return this;
        }

        /** The SDK then sends x-amz-content-sha256: the body's hash over HTTP, UNSIGNED-PAYLOAD over HTTPS. */
        Signed withPayloadSigningOff() {
            payloadSigning = false;
            return this;
        }

        Signed presigned(Duration expiry) {
            presignedFor = Optional.of(expiry);
            return this;
        }

        RawRequest onTheWire() {
            return onTheWire(UnaryOperator.identity());
        }

        RawRequest onTheWireWithBody(String otherBody) {
            SdkHttpRequest signed = sign();
            return wire(signed, headersOf(signed), otherBody.getBytes(StandardCharsets.UTF_8));
        }

        RawRequest onTheWire(UnaryOperator<Map<String, List<String>>> headerChange) {
            SdkHttpRequest signed = sign();
            return wire(signed, headerChange.apply(headersOf(signed)), body);
        }

        private SdkHttpRequest sign() {
            Clock signingClock = Clock.fixed(SigV4VerifierTest.SIGNED_AT, ZoneOffset.UTC);
            var signed = AwsV4HttpSigner.create().sign(r -> {
                r.identity(identity).request(request).payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
                presignedFor.ifPresent(expiry -> r
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry));
            });
            return signed.request();
        }

        /** The signed headers plus what an HTTP client adds unsigned on its way out. */
        private static Map<String, List<String>> headersOf(SdkHttpRequest signed) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            signed.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
            headers.put("User-Agent", List.of("aws-sdk-java/2.40.2 md/io#sync"));
            headers.put("amz-sdk-invocation-id", List.of("4a7b2c1e-0000-4000-8000-000000000000"));
            return headers;
        }

        private static RawRequest wire(SdkHttpRequest signed, Map<String, List<String>> headers, byte[] body) {
            assertThat(headers).containsKey("Host");
            return new RawRequest(signed.method().name(), signed.encodedPath(),
                    signed.encodedQueryParameters().orElse(""), headers, body);
        }
    }
}
