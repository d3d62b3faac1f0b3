package io.fleetline.ota.update;

import io.fleetline.core.error.FleetlineException;
import java.util.Optional;

/** Where a file of an OTA update is: a file of an existing stream, or an object of the store (a version or the latest). */
public sealed interface FileLocation {

    /** File {@code fileId} (0-255) of the stream {@code streamId}, which the user created. */
    record Stream(String streamId, int fileId) implements FileLocation {
        public Stream {
            if (fileId < 0 || fileId > 255) {
                throw FleetlineException.invalid("fileLocation.stream.fileId must be 0-255; got " + fileId);
            }
        }
    }

    /** The object {@code key} of {@code bucket}: the version named, else the current one when the update is created. */
    record S3Location(String bucket, String key, Optional<String> version) implements FileLocation {
    }
}
