package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a request's payload is signed, as its {@code x-amz-content-sha256} says: the SHA-256 of the body in hex, no
 * signature at all, or an {@code aws-chunked} body whose chunks are signed one by one (or not), with or without
 * trailing headers.
 */
enum PayloadForm {
    /** The body is sent as is; the head declares its SHA-256, which the signature covers. */
    DIGEST(false, false, false),
    /** The body is sent as is and not signed ({@code UNSIGNED-PAYLOAD}, and every presigned URL). */
    UNSIGNED(false, false, false),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: aws-chunked, each chunk signed, chained from the seed signature. */
    SIGNED_CHUNKS(true, true, false),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: signed chunks, then trailing headers, signed too. */
    SIGNED_CHUNKS_TRAILER(true, true, true),
    /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: aws-chunked without signatures, then trailing headers. */
    UNSIGNED_CHUNKS_TRAILER(true, false, true);

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final boolean chunked;
    private final boolean signedChunks;
    private final boolean trailer;

    PayloadForm(boolean chunked, boolean signedChunks, boolean trailer) {
        this.chunked = chunked;
        this.signedChunks = signedChunks;
        this.trailer = trailer;
    }

    /**
     * The form a declared payload hash names.
     *
     * @throws SignatureException {@code PAYLOAD_HASH_INVALID} for anything else (SigV4a's ECDSA forms included,
     *                            which Fleetline does not verify)
     */
    static PayloadForm of(String declared) {
        return switch (declared) {
            case UNSIGNED_PAYLOAD -> UNSIGNED;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" -> SIGNED_CHUNKS;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" -> SIGNED_CHUNKS_TRAILER;
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER" -> UNSIGNED_CHUNKS_TRAILER;
            default -> {
                if (!SHA256_HEX.matcher(declared).matches()) {
                    throw new SignatureException(SignatureException.Reason.PAYLOAD_HASH_INVALID,
                            ErrorCode.INVALID_REQUEST, "x-amz-content-sha256 must be "
                            + "UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                            + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a "
                            + "SHA-256 in hex");
                }
                yield DIGEST;
            }
        };
    }

    /** The lower-case digest a {@link #DIGEST} declaration names. */
    static String digestOf(String declared) {
        return declared.toLowerCase(Locale.ROOT);
    }

    boolean chunked() {
        return chunked;
    }

    boolean signedChunks() {
        return signedChunks;
    }

    boolean trailer() {
        return trailer;
    }
}
