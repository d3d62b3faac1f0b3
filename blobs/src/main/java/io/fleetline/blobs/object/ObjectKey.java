package io.fleetline.blobs.object;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An object's key: 1 to 1024 bytes of UTF-8, any characters (a key longer is {@code KeyTooLongError}). A key is data,
 * never a path: {@code ../../etc/passwd} is a key like any other and names no file. Keys order as S3 orders them, by
 * their UTF-8 bytes (which is not Java's {@link String#compareTo} order past U+FFFF).
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
    public static final int MAX_BYTES = 1024;

    public ObjectKey {
        if (value == null || value.isEmpty()) {
            throw new FleetlineException(ErrorCode.INVALID_ARGUMENT, "An object key must not be empty",
                    Map.of("ArgumentName", "key", "ArgumentValue", ""));
        }
        if (!wellFormed(value)) {
            throw new FleetlineException(ErrorCode.INVALID_ARGUMENT, "An object key must be valid UTF-8",
                    Map.of("ArgumentName", "key"));
        }
        if (utf8Length(value) > MAX_BYTES) {
            throw new FleetlineException(ErrorCode.KEY_TOO_LONG, "Your key is too long",
                    Map.of("Size", Integer.toString(utf8Length(value)), "MaxSizeAllowed", Integer.toString(MAX_BYTES)));
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    public static ObjectKey ofUtf8(byte[] utf8) {
        return new ObjectKey(new String(utf8, StandardCharsets.UTF_8));
    }

    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** S3's order: by UTF-8 bytes, unsigned. */
    @Override
    public int compareTo(ObjectKey other) {
        return Arrays.compareUnsigned(utf8(), other.utf8());
    }

    @Override
    public String toString() {
        return value;
    }

    /** No lone surrogate: every key has a UTF-8 form, and reads back as it was written. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
