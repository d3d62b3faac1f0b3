package io.fleetline.api.blobs;

import io.fleetline.api.s3.S3Handler;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.core.error.FleetlineException;

/** Registration shared by the handler groups: each handler's domain errors pass through {@link Failures}. */
final class Handlers {
    private Handlers() {
    }

    static void register(S3Handlers handlers, String operation, S3Handler handler) {
        handlers.register(operation, call -> {
            try {
                return handler.handle(call);
            } catch (FleetlineException e) {
                throw Failures.translate(e);
            }
        });
    }
}
