package io.fleetline.api.s3;

import io.fleetline.api.binding.RawRequest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Checks the digests a request declares for a payload the codec holds whole (the XML of DeleteObjects,
 * PutBucketVersioning, CompleteMultipartUpload): {@code Content-MD5}, as the CLI v2 sends it, and the
 * {@code x-amz-checksum-*} headers the current SDKs and CLI v1 send instead. A digest that is not one is
 * {@code InvalidDigest}; one that does not match, {@code BadDigest}. (CRC64NVME, which the JDK cannot compute, is
 * taken on trust.)
 */
final class PayloadDigests {
    private static final Map<String, Function<byte[], byte[]>> CHECKSUMS = Map.of(
            "x-amz-checksum-crc32", bytes -> checksum(new CRC32(), bytes),
            "x-amz-checksum-crc32c", bytes -> checksum(new CRC32C(), bytes),
            "x-amz-checksum-sha1", bytes -> digest("SHA-1", bytes),
            "x-amz-checksum-sha256", bytes -> digest("SHA-256", bytes));

    private PayloadDigests() {
    }

    static void verify(RawRequest head, byte[] payload) {
        head.header("content-md5").ifPresent(declared -> {
            byte[] md5 = decode(declared).filter(d -> d.length == 16).orElseThrow(() ->
                    new S3Exception("InvalidDigest", "The Content-MD5 you specified was invalid."));
            if (!MessageDigest.isEqual(md5, digest("MD5", payload))) {
                throw new S3Exception("BadDigest", "The Content-MD5 you specified did not match what we received.");
            }
        });
        CHECKSUMS.forEach((header, algorithm) -> head.header(header).ifPresent(declared -> {
            String name = header.substring("x-amz-checksum-".length()).toUpperCase(Locale.ROOT);
            byte[] expected = algorithm.apply(payload);
            byte[] given = decode(declared).filter(d -> d.length == expected.length).orElseThrow(() ->
                    new S3Exception("InvalidDigest", "Value for " + header + " header is invalid."));
            if (!MessageDigest.isEqual(given, expected)) {
                throw new S3Exception("BadDigest", "The " + name + " you specified did not match the calculated checksum.");
            }
        }));
    }

    private static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] checksum(Checksum checksum, byte[] bytes) {
        checksum.update(bytes);
        return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
