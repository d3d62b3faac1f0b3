package io.fleetline.blobs.content;

import java.util.regex.Pattern;

/** A content's id: the lower-case hex SHA-256 of its bytes. */
public record ContentId(String value) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ContentId {
        if (value == null || !SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException("not a content id (hex SHA-256): " + value);
        }
    }

    public static ContentId of(String sha256Hex) {
        return new ContentId(sha256Hex);
    }

    @Override
    public String toString() {
        return value;
    }
}
