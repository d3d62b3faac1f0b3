package io.fleetline.api.s3;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What goes back on the wire for an S3 request: a status, headers, and either the bytes of an XML body (possibly
 * none) or a streamed payload the HTTP route sends (an object's bytes; never for {@code HEAD}).
 */
public record S3Response(int status, Map<String, String> headers, byte[] body, Optional<ResponsePayload> payload) {
    public S3Response {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (body.length > 0 && payload.isPresent()) {
            throw new IllegalArgumentException("a response has an XML body or a streamed payload, not both");
        }
    }
}
