package io.fleetline.blobs.multipart;

import java.util.List;
import java.util.Optional;

/**
 * A page of ListMultipartUploads: uploads in key order (each key's by initiation), common prefixes, and when
 * truncated the markers of the next page.
 */
public record UploadListing(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated,
                            Optional<String> nextKeyMarker, Optional<String> nextUploadIdMarker) {
}
