package io.fleetline.api.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * A request's body as the HTTP route hands it over: the payload's bytes as a stream (an {@code aws-chunked} body
 * already decoded and its signatures checked by the route), read once. The codec reads it itself only for the XML
 * payloads it binds, and within a bound; a streaming payload (PutObject, UploadPart) goes to the handler unread.
 */
public interface RequestPayload {
    /** No body. */
    RequestPayload EMPTY = of(new byte[0]);

    /** The payload's bytes; called at most once. */
    InputStream stream();

    /**
     * The trailing headers of an {@code aws-chunked} body ({@code x-amz-checksum-crc32} and the like, as the SDKs send
     * checksums of a streamed upload), known once {@link #stream()} was read to its end; empty otherwise.
     */
    default Map<String, String> trailers() {
        return Map.of();
    }

    static RequestPayload of(byte[] bytes) {
        return () -> new ByteArrayInputStream(bytes);
    }
}
