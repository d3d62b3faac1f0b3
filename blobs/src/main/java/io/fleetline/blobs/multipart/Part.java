package io.fleetline.blobs.multipart;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.object.ETag;
import java.time.Instant;

/** An uploaded part: its number (1 to 10,000), its bytes' content, length and ETag (their quoted MD5). */
public record Part(int number, long size, ETag etag, ContentId content, Instant lastModified) {
    public static final int MIN_NUMBER = 1;
    public static final int MAX_NUMBER = 10_000;

    public Part {
        requireNumber(number);
    }

    /** S3's rule for {@code partNumber}: an integer from 1 to 10,000, else {@code InvalidArgument}. */
    public static int requireNumber(int number) {
        if (number < MIN_NUMBER || number > MAX_NUMBER) {
            throw BlobErrors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                    "partNumber", Integer.toString(number));
        }
        return number;
    }
}
