package io.fleetline.blobs;

import io.fleetline.blobs.object.ObjectKey;
import java.time.Instant;
import java.util.Map;

/**
 * What a store tells of an object (HeadObject's answer): its key, length, ETag (as S3 computes it, quoted), last
 * modification (at least to the second; S3 keeps no more), content type and user metadata (names in lower case).
 */
public record BlobInfo(ObjectKey key, long size, String etag, Instant lastModified, String contentType,
                       Map<String, String> metadata) {
    public BlobInfo {
        metadata = Map.copyOf(metadata);
    }
}
