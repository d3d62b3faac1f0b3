package io.fleetline.ota.streams;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;

/** The object store's S3 errors as the IoT API words them for a stream file. */
final class ObjectErrors {
    private ObjectErrors() {
    }

    static FleetlineException translate(FleetlineException e, FileSource source) {
        return switch (e.code()) {
            case NO_SUCH_BUCKET, NO_SUCH_KEY, NO_SUCH_VERSION, METHOD_NOT_ALLOWED ->
                    FleetlineException.notFound("The stream file " + source + " does not exist");
            case INVALID_BUCKET_NAME, KEY_TOO_LONG, INVALID_ARGUMENT ->
                    FleetlineException.invalid("The stream file " + source + " cannot exist: " + e.getMessage());
            default -> e;
        };
    }

    static DeviceRejection changed(FileSource source) {
        return new DeviceRejection(RejectionCode.ETAG_MISMATCH, "The object of the stream file " + source
                + " changed since the stream was created or updated");
    }
}
