package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.http.ChecksumAlgorithm;
import io.fleetline.api.http.ChecksumStream;
import io.fleetline.api.s3.RequestPayload;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a PutObject or UploadPart, with the checks its request declares. {@code Content-MD5} and
 * {@code x-amz-checksum-sha256} in the head go to the domain as {@link ExpectedDigests}. The flexible checksums
 * ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -crc64nvme}, {@code -sha1} in the head, and any of them,
 * SHA-256 included, in the trailer of an aws-chunked body) are computed as the body is read and compared when it ends:
 * a mismatch fails the read, so the domain stores nothing ({@code BadDigest}). CRC32, which every SDK and the CLI v1
 * send by default, and CRC32C (both cheap) are always computed, and so is the algorithm
 * {@code x-amz-sdk-checksum-algorithm} names (the CLI v1 announces a trailer with {@code x-amz-trailer} alone, which is
 * no member of the input); a trailer of another algorithm cannot be checked and is taken on trust. SHA-512, MD5 and the XXHASH checksums of the newest
 * model are taken on trust too.
 */
final class UploadBody {
    private static final Map<String, ChecksumAlgorithm> HEAD_MEMBERS = Map.of(
            "ChecksumCRC32", ChecksumAlgorithm.CRC32,
            "ChecksumCRC32C", ChecksumAlgorithm.CRC32C,
            "ChecksumCRC64NVME", ChecksumAlgorithm.CRC64NVME,
            "ChecksumSHA1", ChecksumAlgorithm.SHA1);
    private static final Map<ChecksumAlgorithm, String> OUTPUT_MEMBERS = Map.of(
            ChecksumAlgorithm.CRC32, "ChecksumCRC32",
            ChecksumAlgorithm.CRC32C, "ChecksumCRC32C",
            ChecksumAlgorithm.CRC64NVME, "ChecksumCRC64NVME",
            ChecksumAlgorithm.SHA1, "ChecksumSHA1",
            ChecksumAlgorithm.SHA256, "ChecksumSHA256");

    private final RequestPayload payload;
    private final long length;
    private final Map<ChecksumAlgorithm, String> declared = new EnumMap<>(ChecksumAlgorithm.class);
    private final ChecksumStream checksums;
    private final Verifying stream;

    private UploadBody(S3Call call, long length) {
        this.payload = call.body().orElse(RequestPayload.EMPTY);
        this.length = length;
        Set<ChecksumAlgorithm> computed = EnumSet.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C);
        HEAD_MEMBERS.forEach((member, algorithm) -> call.input().optString(member).ifPresent(value -> {
            declared.put(algorithm, value.trim());
            computed.add(algorithm);
        }));
        call.input().optString("ChecksumAlgorithm").flatMap(UploadBody::named).ifPresent(computed::add);
        this.checksums = new ChecksumStream(payload.stream(), computed);
        this.stream = new Verifying(checksums, computed);
        declared.forEach(UploadBody::requireWellFormed);
    }

    /**
     * @throws S3Exception {@code MissingContentLength} when the request says no length (neither
     *                     {@code Content-Length} nor {@code x-amz-decoded-content-length})
     */
    static UploadBody of(S3Call call) {
        long length = call.input().optLong("ContentLength").orElseThrow(() ->
                new S3Exception("MissingContentLength", "You must provide the Content-Length HTTP header."));
        return new UploadBody(call, length);
    }

    static ExpectedDigests digests(S3Call call) {
        return ExpectedDigests.of(call.input().optString("ContentMD5"), call.input().optString("ChecksumSHA256"));
    }

    InputStream stream() {
        return stream;
    }

    long length() {
        return length;
    }

    /** The checksums the request declared (head or trailer) and that were verified, as S3 echoes them. */
    void echo(ObjectNode output) {
        stream.verified.forEach((algorithm, value) -> output.put(OUTPUT_MEMBERS.get(algorithm), value));
    }

    private static Optional<ChecksumAlgorithm> named(String algorithm) {
        return ChecksumAlgorithm.ofHeader("x-amz-checksum-" + algorithm.trim().toLowerCase(Locale.ROOT))
                .filter(OUTPUT_MEMBERS::containsKey);
    }

    private static void requireWellFormed(ChecksumAlgorithm algorithm, String value) {
        int width = switch (algorithm) {
            case CRC32, CRC32C -> 4;
            case CRC64NVME -> 8;
            case SHA1 -> 20;
            default -> -1;
        };
        try {
            if (Base64.getDecoder().decode(value).length == width) {
                return;
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw new FleetlineException(ErrorCode.INVALID_DIGEST, "Value for " + algorithm.header()
                + " header is invalid.");
    }

    /** Compares the checksums when the body ends, before the domain keeps a byte of it. */
    private final class Verifying extends FilterInputStream {
        private final Set<ChecksumAlgorithm> computed;
        private final Map<ChecksumAlgorithm, String> verified = new EnumMap<>(ChecksumAlgorithm.class);
        private long count;
        private boolean ended;

        Verifying(InputStream in, Set<ChecksumAlgorithm> computed) {
            super(in);
            this.computed = computed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int wanted) throws IOException {
            int n = in.read(into, offset, wanted);
            if (n > 0) {
                count += n;
            } else if (n < 0 && !ended) {
                ended = true;
                if (count == length) {  // else the domain answers IncompleteBody
                    verify();
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("an upload is read whole, never skipped");
        }

        private void verify() {
            Map<String, String> trailers = lowerCase(payload.trailers());
            for (ChecksumAlgorithm algorithm : computed) {
                String given = declared.getOrDefault(algorithm, trailers.get(algorithm.header()));
                if (given == null) {
                    continue;
                }
                String actual = checksums.base64(algorithm);
                if (!actual.equals(given.trim())) {
                    throw new FleetlineException(ErrorCode.BAD_DIGEST, "The " + algorithm.name()
                            + " you specified did not match the calculated checksum.");
                }
                verified.put(algorithm, actual);
            }
        }
    }

    private static Map<String, String> lowerCase(Map<String, String> trailers) {
        Map<String, String> lower = new HashMap<>();
        trailers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }
}
