package io.fleetline.blobs.object;

import io.fleetline.core.error.ErrorCode;

/** What DeleteObjects did with one of its objects: deleted (as DeleteObject reports it), or an error. */
public sealed interface DeleteOutcome {
    ObjectIdentifier object();

    record Deleted(ObjectIdentifier object, DeleteResult result) implements DeleteOutcome {
    }

    record Failed(ObjectIdentifier object, ErrorCode code, String message) implements DeleteOutcome {
    }
}
