package io.fleetline.blobs.object;

/** A copy made: the new version (with its ETag and last modified) and the source version it was made from. */
public record CopyResult(ObjectWrite write, ObjectVersion source) {
}
