package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A version's id: {@code null} (the literal string, as S3 writes it) for the version an unversioned or suspended
 * bucket keeps, else 32 URL-safe characters chosen at random. An id of neither shape is {@code InvalidArgument}, as S3
 * answers a malformed {@code versionId}.
 *
 * <p>Generated ids use letters, digits, {@code .} and {@code _} as S3's own do, never {@code -}: an id beginning with
 * {@code -} is read as an option by the AWS CLI ({@code --version-id -B7r...}), so a script could not pass it as
 * written. Ids with {@code -} made before are still accepted.
 */
public record VersionId(String value) {
    public static final VersionId NULL = new VersionId("null");
    private static final Pattern GENERATED = Pattern.compile("[A-Za-z0-9._-]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public VersionId {
        if (value == null || !(value.equals("null") || GENERATED.matcher(value).matches())) {
            throw BlobErrors.invalidArgument("Invalid version id specified", "versionId", String.valueOf(value));
        }
    }

    public static VersionId of(String value) {
        return new VersionId(value);
    }

    public static VersionId generate() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return new VersionId(Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', '.'));
    }

    public boolean isNull() {
        return equals(NULL);
    }

    @Override
    public String toString() {
        return value;
    }
}
