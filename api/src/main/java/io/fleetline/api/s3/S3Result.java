package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What an S3 operation answers: its output members by the model's names (timestamps as epoch seconds, as
 * {@code Output.timestamp} makes them; the codec writes each where and how the model puts it), and for a download the
 * bytes to stream.
 */
public record S3Result(ObjectNode output, Optional<ResponsePayload> body) {

    public static S3Result of(ObjectNode output) {
        return new S3Result(output, Optional.empty());
    }

    public static S3Result of(ObjectNode output, ResponsePayload body) {
        return new S3Result(output, Optional.of(body));
    }

    /** No output members (DeleteBucket, PutBucketVersioning). */
    public static S3Result empty() {
        return of(JsonNodeFactory.instance.objectNode());
    }
}
