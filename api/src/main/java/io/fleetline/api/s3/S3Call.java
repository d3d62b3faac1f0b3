package io.fleetline.api.s3;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.handler.Input;
import io.fleetline.api.model.Operation;
import java.time.Instant;
import java.util.Optional;

/**
 * One invocation of an S3 operation: what was asked (the input, by the model's member names: {@code Bucket},
 * {@code Key}, {@code Metadata}, {@code PartNumber}, ...), the body of an upload, by whom, under which request id.
 *
 * @param body the request's streaming payload, for the operations that have one (PutObject, UploadPart), unread
 */
public record S3Call(Operation operation, Input input, Optional<RequestPayload> body, Caller caller, String requestId) {

    /**
     * A timestamp member ({@code IfModifiedSince}, {@code CopySourceIfUnmodifiedSince}), which the binder holds as
     * epoch seconds whatever its wire form.
     */
    public Optional<Instant> instant(String member) {
        return input.object(member).flatMap(S3Timestamps::of);
    }
}
