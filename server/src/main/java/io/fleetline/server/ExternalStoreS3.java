package io.fleetline.server;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.s3store.ExternalStore;
import java.util.function.Function;

/**
 * What a request signed for {@code s3} gets on a server whose objects are on an external store ({@code --blob-store}),
 * which serves no S3 API of its own: S3's {@code NotImplemented} (501, which the SDKs do not retry) in S3's XML,
 * saying where the store is — rather than the IoT API's JSON "wrong service" error, which S3 clients cannot read. The
 * requests still pass the S3 codec (routing, signatures), so every other refusal is S3's too.
 */
final class ExternalStoreS3 {
    private ExternalStoreS3() {
    }

    /** In place of the handlers of an account's store: for every caller, the refusal naming {@code store}. */
    static Function<Caller, S3Handlers> refusing(ExternalStore store) {
        return caller -> {
            throw new S3Exception("NotImplemented", "This Fleetline server keeps its objects on an external store ("
                    + store + ") and serves no S3 API of its own: use that store directly.");
        };
    }
}
