package io.fleetline.blobs;

import io.fleetline.blobs.object.ObjectKey;
import java.time.Instant;

/** An object as a listing shows it: key, length, ETag (quoted) and last modification. */
public record BlobSummary(ObjectKey key, long size, String etag, Instant lastModified) {
}
