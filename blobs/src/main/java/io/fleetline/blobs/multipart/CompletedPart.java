package io.fleetline.blobs.multipart;

/** A part named in a CompleteMultipartUpload request: its number and the ETag its upload answered (quoted or not). */
public record CompletedPart(int partNumber, String etag) {
}
