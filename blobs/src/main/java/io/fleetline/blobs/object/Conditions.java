package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The conditional headers of a read ({@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since},
 * {@code If-Unmodified-Since}) or their {@code x-amz-copy-source-if-*} twins, evaluated as S3 does (RFC 9110's order):
 * If-Match, else If-Unmodified-Since, may fail with {@code PreconditionFailed} (412); then If-None-Match, else
 * If-Modified-Since, with {@code NotModified} (304) on a read and {@code PreconditionFailed} on a copy. Dates compare
 * at whole seconds, as HTTP dates carry them.
 */
public record Conditions(Optional<String> ifMatch, Optional<String> ifNoneMatch, Optional<Instant> ifModifiedSince,
                         Optional<Instant> ifUnmodifiedSince) {
    public static final Conditions NONE = new Conditions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** For GetObject and HeadObject. */
    public void checkRead(ETag etag, Instant lastModified) {
        checkPreconditions(etag, lastModified, "If-Match", "If-Unmodified-Since");
        if (unchanged(etag, lastModified)) {
            throw new FleetlineException(ErrorCode.NOT_MODIFIED, "Not Modified",
                    Map.of("ETag", etag.value(), "LastModified", lastModified.toString()));
        }
    }

    /** For the source of CopyObject and UploadPartCopy: every failed condition is 412. */
    public void checkCopySource(ETag etag, Instant lastModified) {
        checkPreconditions(etag, lastModified, "x-amz-copy-source-If-Match", "x-amz-copy-source-If-Unmodified-Since");
        if (unchanged(etag, lastModified)) {
            throw BlobErrors.preconditionFailed(ifNoneMatch.isPresent() ? "x-amz-copy-source-If-None-Match"
                    : "x-amz-copy-source-If-Modified-Since");
        }
    }

    private void checkPreconditions(ETag etag, Instant lastModified, String matchName, String unmodifiedName) {
        if (ifMatch.isPresent()) {
            if (!etag.matchesAny(ifMatch.get())) {
                throw BlobErrors.preconditionFailed(matchName);
            }
        } else if (ifUnmodifiedSince.isPresent() && seconds(lastModified).isAfter(ifUnmodifiedSince.get())) {
            throw BlobErrors.preconditionFailed(unmodifiedName);
        }
    }

    private boolean unchanged(ETag etag, Instant lastModified) {
        if (ifNoneMatch.isPresent()) {
            return etag.matchesAny(ifNoneMatch.get());
        }
        return ifModifiedSince.isPresent() && !seconds(lastModified).isAfter(ifModifiedSince.get());
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
