package io.fleetline.api.binding;

import java.util.Base64;
import java.util.Optional;

/** Blob members of a JSON body: base64 text (RFC 4648, padded, no line breaks), as the AWS clients send them. */
public final class Blobs {
    private Blobs() {
    }

    /** The bytes of a blob member; empty when the text is not base64. */
    public static Optional<byte[]> decode(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
