package io.fleetline.api.s3;

import io.fleetline.api.model.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request matched to an S3 operation, with the bucket and key it addresses (decoded, whether they came in the path
 * or in the host name).
 */
public record S3Route(Operation operation, Optional<String> bucket, Optional<String> key) {

    /** The URI labels of the operation's input: {@code Bucket} and {@code Key} as far as the request has them. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        bucket.ifPresent(b -> labels.put("Bucket", b));
        key.ifPresent(k -> labels.put("Key", k));
        return labels;
    }

    /** What S3 names the resource in an error: {@code /bucket/key}, {@code /bucket} or {@code /}. */
    public String resource() {
        return S3Address.resource(bucket, key);
    }
}
