package io.fleetline.s3store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Fleetline's buckets live on the external store, as {@code --blob-store} says it.
 * <ul>
 *   <li>{@code s3://bucket/prefix} (the prefix may be empty): one bucket of the store holds them all. Fleetline's
 *   bucket {@code b} is the keys under {@code prefix/b/}, its object {@code k} the key {@code prefix/b/k}, and an empty
 *   object {@code prefix/.fleetline-buckets/b} marks that the bucket was created. The operator provides one bucket and
 *   may grant Fleetline that prefix alone; Fleetline's bucket names cannot collide with anyone else's.</li>
 *   <li>{@code s3} (or {@code s3://}): each of Fleetline's buckets is a bucket of the store, of the same name, and keys
 *   are the store's keys. A document URL or placeholder naming {@code https://s3.amazonaws.com/b/k} reads the store's
 *   {@code b/k}, exactly as on AWS; creating a bucket creates one on the store, in its global namespace.</li>
 * </ul>
 *
 * @param bucket the store's bucket holding everything; empty when each bucket is the store's own
 * @param prefix the key prefix under it, empty or ending with {@code /}
 */
public record S3Location(Optional<String> bucket, String prefix) {
    /** Bucket names as S3 has ever allowed them (legacy us-east-1 names included): the store judges the rest. */
    private static final Pattern STORE_BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]");
    /**
     * S3 keys are at most 1,024 bytes, prefix and bucket name included: a long prefix would leave Fleetline's keys
     * little room (a key that no longer fits is the store's {@code KeyTooLongError}).
     */
    private static final int MAX_PREFIX_BYTES = 512;

    public S3Location {
        if (bucket.isPresent() && !STORE_BUCKET.matcher(bucket.get()).matches()) {
            throw new IllegalArgumentException("not a bucket name: " + bucket.get());
        }
        if (bucket.isEmpty() && !prefix.isEmpty()) {
            throw new IllegalArgumentException("a prefix needs a bucket: " + prefix);
        }
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("//"))) {
            throw new IllegalArgumentException("a prefix is segments each ending with /: " + prefix);
        }
        if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
            throw new IllegalArgumentException("a prefix of at most " + MAX_PREFIX_BYTES + " bytes");
        }
    }

    /** Each of Fleetline's buckets is the store's bucket of that name. */
    public static S3Location bucketPerBucket() {
        return new S3Location(Optional.empty(), "");
    }

    /** {@code s3}, {@code s3://}, {@code s3://bucket} or {@code s3://bucket/prefix} (slashes around it are dropped). */
    public static S3Location parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("s3") || trimmed.equals("s3://")) {
            return bucketPerBucket();
        }
        if (!trimmed.startsWith("s3://")) {
            throw new IllegalArgumentException("expected s3://bucket/prefix or s3: " + text);
        }
        String rest = trimmed.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        return new S3Location(Optional.of(bucket), prefix.isEmpty() ? "" : prefix + "/");
    }

    public boolean sharedBucket() {
        return bucket.isPresent();
    }

    /** As {@code --blob-store} writes it. */
    @Override
    public String toString() {
        return bucket.map(b -> "s3://" + b + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1)))
                .orElse("s3");
    }
}
