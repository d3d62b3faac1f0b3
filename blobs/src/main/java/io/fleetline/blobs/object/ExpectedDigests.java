package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.content.ContentCheck;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The digests a request declares for its body: {@code Content-MD5} (base64 of 16 bytes) and a SHA-256
 * ({@code x-amz-checksum-sha256}, base64 of 32 bytes). One that does not decode to a digest is
 * {@code InvalidDigest}; a body whose digest differs is {@code BadDigest}, and nothing of it is stored.
 */
public record ExpectedDigests(Optional<byte[]> md5, Optional<byte[]> sha256) {
    public static final ExpectedDigests NONE = new ExpectedDigests(Optional.empty(), Optional.empty());

    public ExpectedDigests {
        md5 = md5.map(byte[]::clone);
        sha256 = sha256.map(byte[]::clone);
    }

    /** From the request's headers as sent (absent when not sent). */
    public static ExpectedDigests of(Optional<String> contentMd5, Optional<String> checksumSha256) {
        return new ExpectedDigests(contentMd5.map(value -> decode(value, 16, "Content-MD5")),
                checksumSha256.map(value -> decode(value, 32, "x-amz-checksum-sha256")));
    }

    /** A SHA-256 given in hex (as {@code x-amz-content-sha256} carries it). */
    public ExpectedDigests withSha256Hex(String hex) {
        try {
            byte[] digest = HexFormat.of().parseHex(hex);
            if (digest.length == 32) {
                return new ExpectedDigests(md5, Optional.of(digest));
            }
        } catch (IllegalArgumentException notHex) {
            // answered below
        }
        throw invalid("x-amz-content-sha256");
    }

    /** The check a write of {@code declaredLength} bytes with these digests must pass before its bytes are kept. */
    public ContentCheck check(long declaredLength) {
        return (size, actualMd5, actualSha256) -> {
            if (size != declaredLength) {
                throw BlobErrors.incompleteBody(declaredLength, size);
            }
            if (md5.isPresent() && !MessageDigest.isEqual(md5.get(), actualMd5)) {
                throw new FleetlineException(ErrorCode.BAD_DIGEST,
                        "The Content-MD5 you specified did not match what we received.",
                        Map.of("ExpectedDigest", Base64.getEncoder().encodeToString(md5.get()),
                                "CalculatedDigest", Base64.getEncoder().encodeToString(actualMd5)));
            }
            if (sha256.isPresent() && !MessageDigest.isEqual(sha256.get(), actualSha256)) {
                throw new FleetlineException(ErrorCode.BAD_DIGEST,
                        "The SHA256 you specified did not match the calculated checksum.");
            }
        };
    }

    private static byte[] decode(String value, int length, String header) {
        try {
            byte[] digest = Base64.getDecoder().decode(value.strip());
            if (digest.length == length) {
                return digest;
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw invalid(header);
    }

    private static FleetlineException invalid(String header) {
        return new FleetlineException(ErrorCode.INVALID_DIGEST, "The " + header + " you specified is not valid.");
    }
}
