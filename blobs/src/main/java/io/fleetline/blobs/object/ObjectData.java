package io.fleetline.blobs.object;

import io.fleetline.blobs.content.ContentId;

/**
 * The body of a version that is not a delete marker: the content holding its bytes, their length, the ETag as S3
 * computed it when they were written, their SHA-256 (hex), and the object's attributes.
 */
public record ObjectData(ContentId content, long size, ETag etag, String sha256Hex, ObjectAttributes attributes) {
    public ObjectData {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    public ObjectData withAttributes(ObjectAttributes replaced) {
        return new ObjectData(content, size, etag, sha256Hex, replaced);
    }
}
