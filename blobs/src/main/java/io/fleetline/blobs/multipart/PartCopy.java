package io.fleetline.blobs.multipart;

import io.fleetline.blobs.object.ObjectVersion;

/** A part made by UploadPartCopy, and the source version it copied ({@code x-amz-copy-source-version-id}). */
public record PartCopy(Part part, ObjectVersion source) {
}
