package io.fleetline.blobs.bucket;

import java.time.Instant;

/** A bucket of the account: its name, the region it lives in, when it was made, and its versioning. */
public record Bucket(BucketName name, String region, Instant created, VersioningStatus versioning) {
    public Bucket withVersioning(VersioningStatus status) {
        return new Bucket(name, region, created, status);
    }
}
