package io.fleetline.blobs.bucket;

import java.util.Objects;
import java.util.Optional;

/**
 * A bucket's default encryption as PutBucketEncryption set it. Its one algorithm is SSE-S3 ({@link #SSE_S3},
 * {@code AES256}): Fleetline has no KMS, so {@code aws:kms} and {@code aws:kms:dsse} are never kept. The setting is
 * kept and reported so that scripts written for S3 run; the object store does not encrypt the bytes itself (they are
 * stored as sent, and an operator who needs them encrypted at rest encrypts the disk of the data directory).
 *
 * @param bucketKeyEnabled S3 Bucket Keys as the request gave them (absent when it did not say), reported back as given
 */
public record BucketEncryption(Optional<Boolean> bucketKeyEnabled) {
    /** The algorithm of server-side encryption with S3-managed keys, as S3 writes it. */
    public static final String SSE_S3 = "AES256";

    public BucketEncryption {
        Objects.requireNonNull(bucketKeyEnabled, "bucketKeyEnabled");
    }

    public String algorithm() {
        return SSE_S3;
    }
}
