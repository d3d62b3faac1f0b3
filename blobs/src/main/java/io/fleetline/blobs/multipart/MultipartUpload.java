package io.fleetline.blobs.multipart;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** A multipart upload in progress: the object it will make, with the attributes given when it was created. */
public record MultipartUpload(String uploadId, BucketName bucket, ObjectKey key, Instant initiated,
                              ObjectAttributes attributes) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A new upload id: 64 hex digits, the initiation time (epoch milliseconds, 12 digits) then 26 random bytes, so that
     * ordering uploads by id orders them by initiation, as S3 lists them, and every collation orders them alike.
     */
    static String newId(Instant initiated) {
        byte[] random = new byte[26];
        RANDOM.nextBytes(random);
        return String.format("%012x", initiated.toEpochMilli()) + HexFormat.of().formatHex(random);
    }
}
