package io.fleetline.blobs.listing;

import io.fleetline.blobs.BlobErrors;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: opaque to clients, it holds the last key or common prefix of the page before
 * (the listing resumes after it). A token that does not decode is {@code InvalidArgument}, as S3 answers.
 */
final class ContinuationToken {
    private static final String PREFIX = "fl1:";

    private ContinuationToken() {
    }

    static String encode(String lastEntry) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastEntry).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(token))).toString();
            if (text.startsWith(PREFIX) && text.length() > PREFIX.length()) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException | CharacterCodingException notOurs) {
            // answered below
        }
        throw BlobErrors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }
}
