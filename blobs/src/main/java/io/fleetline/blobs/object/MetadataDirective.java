package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;

/** Whether a copy keeps the source's content type and user metadata or takes those of the request. */
public enum MetadataDirective {
    COPY,
    REPLACE;

    /** {@code x-amz-metadata-directive}: {@code COPY} (also when absent) or {@code REPLACE}. */
    public static MetadataDirective of(String header) {
        return switch (String.valueOf(header)) {
            case "COPY", "null" -> COPY;
            case "REPLACE" -> REPLACE;
            default -> throw BlobErrors.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive",
                    header);
        };
    }
}
