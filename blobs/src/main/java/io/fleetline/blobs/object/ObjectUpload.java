package io.fleetline.blobs.object;

import java.io.InputStream;

/**
 * A body to store: its stream (read to its end), the length the request declared (the body must have exactly that
 * many bytes, else {@code IncompleteBody}), the object's attributes and the digests the request declared.
 */
public record ObjectUpload(InputStream body, long length, ObjectAttributes attributes, ExpectedDigests digests) {
    public ObjectUpload {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
    }

    public static ObjectUpload of(InputStream body, long length) {
        return new ObjectUpload(body, length, ObjectAttributes.NONE, ExpectedDigests.NONE);
    }
}
