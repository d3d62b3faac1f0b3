package io.fleetline.api.blobs;

import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Handler;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.core.error.FleetlineException;

/**
 * Registration shared by the handler groups: a request that expects another owner of its bucket
 * ({@code x-amz-expected-bucket-owner}, or {@code x-amz-source-expected-bucket-owner} of a copy's source) is
 * {@code AccessDenied} before anything is done, as on S3; the domain's errors pass through {@link Failures}.
 */
final class Handlers {
    private final S3Handlers handlers;
    private final Owner owner;

    Handlers(S3Handlers handlers, Owner owner) {
        this.handlers = handlers;
        this.owner = owner;
    }

    void register(String operation, S3Handler handler) {
        handlers.register(operation, call -> {
            requireOwner(call.input().optString("ExpectedBucketOwner").orElse(owner.accountId()));
            requireOwner(call.input().optString("ExpectedSourceBucketOwner").orElse(owner.accountId()));
            try {
                return handler.handle(call);
            } catch (FleetlineException e) {
                throw Failures.translate(e);
            }
        });
    }

    private void requireOwner(String expected) {
        if (!expected.equals(owner.accountId())) {
            throw new S3Exception("AccessDenied", "Access Denied");
        }
    }
}
