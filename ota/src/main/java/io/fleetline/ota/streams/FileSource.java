package io.fleetline.ota.streams;

import io.fleetline.core.error.FleetlineException;
import java.util.Optional;

/**
 * Where a stream file's bytes are: an object of the account's object store (AWS's {@code s3Location}), the version
 * given or, without one, the object current when the stream was created or updated.
 */
public record FileSource(String bucket, String key, Optional<String> version) {
    public FileSource {
        if (bucket == null || bucket.isEmpty() || key == null || key.isEmpty()) {
            throw FleetlineException.invalid("A stream file's s3Location needs a bucket and a key");
        }
        if (version.isPresent() && version.get().isEmpty()) {
            version = Optional.empty();
        }
    }

    public static FileSource of(String bucket, String key) {
        return new FileSource(bucket, key, Optional.empty());
    }

    public static FileSource of(String bucket, String key, String version) {
        return new FileSource(bucket, key, Optional.of(version));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + version.map(v -> " (version " + v + ")").orElse("");
    }
}
