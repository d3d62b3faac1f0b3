package io.fleetline.blobs.bucket;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bucket name by S3's rules for general purpose buckets: 3 to 63 characters of lower-case letters, digits, {@code .}
 * and {@code -}, starting and ending with a letter or digit, no {@code ..}, not an IPv4 address, and none of the
 * prefixes and suffixes S3 reserves. Anything else is {@code InvalidBucketName}.
 */
public record BucketName(String value) implements Comparable<BucketName> {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3",
            "--table-s3");

    public BucketName {
        if (!valid(value)) {
            throw new FleetlineException(ErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid.",
                    Map.of("BucketName", String.valueOf(value)));
        }
    }

    public static BucketName of(String value) {
        return new BucketName(value);
    }

    private static boolean valid(String name) {
        return name != null && SHAPE.matcher(name).matches() && !name.contains("..")
                && !IPV4.matcher(name).matches()
                && RESERVED_PREFIXES.stream().noneMatch(name::startsWith)
                && RESERVED_SUFFIXES.stream().noneMatch(name::endsWith);
    }

    @Override
    public int compareTo(BucketName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
