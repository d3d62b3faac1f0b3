package io.fleetline.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain of signatures of an aws-chunked body: each chunk's signature signs its data's hash and the signature
 * before it, starting from the request's own (the seed), and the trailing headers' signature signs them and the last
 * chunk's. A chunk taken out, added, reordered or changed breaks the chain from there on.
 */
final class ChunkSignatures {
    private static final String EMPTY_SHA256 = SigV4.sha256Hex(new byte[0]);

    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private String previous;

    /**
     * @param scope the credential scope, {@code date/region/service/aws4_request}
     * @param seed  the request's own signature, already verified
     */
    ChunkSignatures(byte[] signingKey, String amzDate, String scope, String seed) {
        this.signingKey = signingKey.clone();
        this.amzDate = amzDate;
        this.scope = scope;
        this.previous = seed.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code presented} signs the next chunk, whose data has this SHA-256; the chain moves on if so. */
    boolean nextChunk(byte[] dataSha256, String presented) {
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + EMPTY_SHA256 + "\n" + SigV4.hex(dataSha256);
        return advance(stringToSign, presented);
    }

    /** Whether {@code presented} signs these trailing headers (names lower-case) after the last chunk. */
    boolean trailer(Map<String, String> trailers, String presented) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(trailers).forEach((name, value) -> canonical.append(name).append(':').append(value.trim())
                .append('\n'));
        String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigV4.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return advance(stringToSign, presented);
    }

    private boolean advance(String stringToSign, String presented) {
        String expected = SigV4.signature(signingKey, stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        previous = expected;
        return true;
    }
}
