package io.fleetline.blobs.multipart;

import java.util.List;
import java.util.Optional;

/** A page of ListParts: the upload, its parts by number, and when truncated the number the next page starts after. */
public record PartListing(MultipartUpload upload, List<Part> parts, boolean truncated,
                          Optional<Integer> nextPartNumberMarker) {
}
