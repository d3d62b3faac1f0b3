package io.fleetline.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * A request signed by the AWS SDK's own SigV4 signer and written out as raw HTTP/1.1 bytes, so that a test can send
 * it exactly, or spoil one part of it after signing (the way a tampering client would).
 */
final class RawSigned {
    private final String method;
    private final String pathAndQuery;
    private final byte[] body;
    private String service = "iot";
    private String region = "us-east-1";
    private Instant at = Instant.now();
    private Duration presignedFor;

    private RawSigned(String method, String pathAndQuery, byte[] body) {
        this.method = method;
        this.pathAndQuery = pathAndQuery;
        this.body = body;
    }

    static RawSigned request(String method, String pathAndQuery, String body) {
        return new RawSigned(method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    static RawSigned request(String method, String pathAndQuery, byte[] body) {
        return new RawSigned(method, pathAndQuery, body);
    }

    RawSigned service(String name) {
        this.service = name;
        return this;
    }

    RawSigned region(String name) {
        this.region = name;
        return this;
    }

    RawSigned at(Instant time) {
        this.at = time;
        return this;
    }

    RawSigned presigned(Duration expiry) {
        this.presignedFor = expiry;
        return this;
    }

    /** The URL of a presigned request to {@code port} (its path and query), for clients that take a URL. */
    String url(String scheme, AwsCredentials credentials, int port) {
        SdkHttpRequest signed = sign(credentials, port);
        return scheme + "://127.0.0.1:" + port + signed.encodedPath()
                + signed.encodedQueryParameters().map(q -> "?" + q).orElse("");
    }

    /** The signed request as it goes on the wire to {@code port}. */
    byte[] bytes(AwsCredentials credentials, int port) {
        return bytes(credentials, port, UnaryOperator.identity());
    }

    /**
     * The signed request with its head spoiled by {@code spoil} after signing (the request line first, then the
     * header lines), its body as signed.
     */
    byte[] bytes(AwsCredentials credentials, int port, UnaryOperator<String> spoil) {
        SdkHttpRequest signed = sign(credentials, port);
        StringBuilder head = new StringBuilder();
        String query = signed.encodedQueryParameters().map(q -> "?" + q).orElse("");
        head.append(method).append(' ').append(signed.encodedPath()).append(query).append(" HTTP/1.1\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        if (!headers.containsKey("Content-Length") && body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = spoil.apply(head.toString()).getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private SdkHttpRequest sign(AwsCredentials credentials, int port) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (body.length > 0) {
            unsigned.putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", Integer.toString(body.length));
        }
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(credentials).request(unsigned.build()).payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (presignedFor != null) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presignedFor);
            }
        }).request();
    }
}
