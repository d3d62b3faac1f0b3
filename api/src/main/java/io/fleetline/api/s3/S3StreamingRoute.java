package io.fleetline.api.s3;

import io.fleetline.api.auth.PayloadStream;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.StreamedRequest;
import io.fleetline.api.http.StreamedResponse;
import io.fleetline.api.http.StreamingRoute;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * S3 on the HTTP listener's streaming seam: the requests signed for {@code s3} (and S3's legacy presigned URLs) are
 * routed and served by the {@link S3Endpoint}, their bodies read as streams the server decoded and checks, their
 * objects written back from a stream or straight from a file region (memory-mapped, never through the heap). Every
 * refusal is S3's XML error with S3's code — signatures, bodies, the handlers' own — never the IoT API's JSON.
 */
public final class S3StreamingRoute implements StreamingRoute {
    /**
     * S3's largest single upload (5 GiB, PutObject or UploadPart) plus room for its aws-chunked framing: a chunk
     * header with its signature and line ends is under 100 bytes, so 64 MiB covers chunks of 8 KiB and up (the SDKs
     * send 64 KiB to 1 MiB); a client framing in smaller chunks is refused as too large, not read without end.
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024 * 1024 + 64L * 1024 * 1024;

    private final S3Endpoint endpoint;
    private final long maxBodyBytes;

    /**
     * @param endpoint     the S3 codec and its handlers (one set per caller's account)
     * @param maxBodyBytes the most a body may take on the wire, aws-chunked framing included (S3's 5 GiB object
     *                     or part, plus the framing's allowance)
     */
    public S3StreamingRoute(S3Endpoint endpoint, long maxBodyBytes) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("a body's maximum is 0 bytes or more: " + maxBodyBytes);
        }
        this.endpoint = endpoint;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public StreamedResponse serve(StreamedRequest request) throws IOException {
        RawRequest head = request.head();
        S3Route route;
        try {
            route = endpoint.route(head);
        } catch (RuntimeException e) {
            return errorResponse(endpoint.error(e, head, Optional.empty(), request.requestId()));
        }
        S3Response answer = endpoint.serve(route, head, new Payload(request.body()), request.caller(),
                request.requestId());
        return response(answer);
    }

    @Override
    public StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure) {
        Optional<S3Route> route;
        try {
            route = Optional.of(endpoint.route(head));
        } catch (RuntimeException unroutable) {
            route = Optional.empty();  // the resource named in the error is then the path as sent
        }
        return errorResponse(endpoint.error(failure, head, route, requestId));
    }

    /** The codec's answer as the server writes it; a file region is opened here and closed by the server. */
    private static StreamedResponse response(S3Response answer) throws IOException {
        Map<String, String> headers = answer.headers();
        if (answer.payload().isPresent()) {
            return switch (answer.payload().get()) {
                case ResponsePayload.Streamed s -> new StreamedResponse(answer.status(), headers,
                        new StreamedResponse.Stream(s.stream(), s.length()));
                case ResponsePayload.FileRange f -> new StreamedResponse(answer.status(), headers,
                        new StreamedResponse.FileRegion(f.channel(), f.offset(), f.length()));
            };
        }
        if (answer.body().length > 0) {
            return new StreamedResponse(answer.status(), headers, new StreamedResponse.Bytes(answer.body()));
        }
        return StreamedResponse.of(answer.status(), headers);
    }

    /** An answer without an open file: errors never have one. */
    private static StreamedResponse errorResponse(S3Response error) {
        try {
            return response(error);
        } catch (IOException impossible) {
            throw new IllegalStateException("an error response opened a file", impossible);
        }
    }

    /** The request's body as the codec reads it: decoded and checked by the server, trailers once it ended. */
    private record Payload(PayloadStream body) implements RequestPayload {
        @Override
        public InputStream stream() {
            return body;
        }

        @Override
        public Map<String, String> trailers() {
            return body.trailers();
        }
    }
}
