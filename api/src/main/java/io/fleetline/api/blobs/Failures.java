package io.fleetline.api.blobs;

import io.fleetline.api.s3.S3Exception;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The domain's errors whose S3 answer carries headers, which clients read where a body is not sent (HEAD, 304):
 * {@code NotModified} with the object's {@code ETag} and {@code Last-Modified}, {@code InvalidRange} with
 * {@code Content-Range: bytes *}{@code /size}, and a delete marker's {@code x-amz-delete-marker} and
 * {@code x-amz-version-id}. Every other error goes on as it is, the codec answers it by its code.
 */
final class Failures {
    private Failures() {
    }

    static RuntimeException translate(FleetlineException e) {
        Map<String, String> extra = e.extra();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> elements = new HashMap<>(extra);
        if (e.code() == ErrorCode.NOT_MODIFIED) {
            putIfPresent(headers, "ETag", elements.remove("ETag"));
            String modified = elements.remove("LastModified");
            if (modified != null) {
                headers.put("Last-Modified", httpDate(modified));
            }
        } else if (e.code() == ErrorCode.INVALID_RANGE && extra.containsKey("ActualObjectSize")) {
            headers.put("Content-Range", "bytes */" + extra.get("ActualObjectSize"));
        } else if ("true".equals(extra.get("DeleteMarker"))) {
            elements.remove("DeleteMarker");
            headers.put("x-amz-delete-marker", "true");
            putIfPresent(headers, "x-amz-version-id", extra.get("VersionId"));
        } else {
            return e;
        }
        return new S3Exception(e.code().awsType(), e.getMessage(), elements, headers);
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static String httpDate(String iso) {
        try {
            return Members.httpDate(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
