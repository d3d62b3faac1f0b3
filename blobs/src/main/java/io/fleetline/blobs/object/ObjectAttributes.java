package io.fleetline.blobs.object;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an object carries besides its bytes: its content type ({@code binary/octet-stream} when none was given, as S3
 * stores it) and its user metadata ({@code x-amz-meta-*}: names in lower case, as S3 returns them; at most 2 KB,
 * counted as S3 does, the UTF-8 bytes of every name and value, else {@code MetadataTooLarge}).
 */
public record ObjectAttributes(String contentType, Map<String, String> userMetadata) {
    public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    public static final int MAX_METADATA_BYTES = 2048;
    public static final ObjectAttributes NONE = new ObjectAttributes(DEFAULT_CONTENT_TYPE, Map.of());

    public ObjectAttributes {
        userMetadata = Map.copyOf(userMetadata);
    }

    public static ObjectAttributes of(Optional<String> contentType, Map<String, String> userMetadata) {
        Map<String, String> normalised = new TreeMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> entry : userMetadata.entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            normalised.put(name, entry.getValue());
            bytes += utf8(name) + utf8(entry.getValue());
        }
        if (bytes > MAX_METADATA_BYTES) {
            throw new FleetlineException(ErrorCode.METADATA_TOO_LARGE,
                    "Your metadata headers exceed the maximum allowed metadata size",
                    Map.of("Size", Integer.toString(bytes), "MaxSizeAllowed", Integer.toString(MAX_METADATA_BYTES)));
        }
        return new ObjectAttributes(contentType.filter(type -> !type.isBlank()).orElse(DEFAULT_CONTENT_TYPE),
                normalised);
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
