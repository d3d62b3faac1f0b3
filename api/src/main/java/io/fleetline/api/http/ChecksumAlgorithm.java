package io.fleetline.api.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The checksums S3 clients send with a body, each under its header ({@code Content-MD5}, {@code x-amz-checksum-*})
 * or as a trailing header of an aws-chunked body; values are base64 of the big-endian checksum.
 */
public enum ChecksumAlgorithm {
    MD5("content-md5"),
    CRC32("x-amz-checksum-crc32"),
    CRC32C("x-amz-checksum-crc32c"),
    CRC64NVME("x-amz-checksum-crc64nvme"),
    SHA1("x-amz-checksum-sha1"),
    SHA256("x-amz-checksum-sha256");

    private final String header;

    ChecksumAlgorithm(String header) {
        this.header = header;
    }

    /** The header (lower-case) that carries this checksum, in a request's head or its trailer. */
    public String header() {
        return header;
    }

    /** The algorithm a (request or trailing) header carries, if it carries one. */
    public static Optional<ChecksumAlgorithm> ofHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.header.equals(lower)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** A fresh running computation of this checksum. */
    Running start() {
        return switch (this) {
            case MD5 -> digest("MD5");
            case SHA1 -> digest("SHA-1");
            case SHA256 -> digest("SHA-256");
            case CRC32 -> crc(new CRC32(), 4);
            case CRC32C -> crc(new CRC32C(), 4);
            case CRC64NVME -> crc(new Crc64Nvme(), 8);
        };
    }

    /** A checksum being computed over bytes as they pass. */
    interface Running {
        void update(byte[] bytes, int offset, int length);

        byte[] value();
    }

    private static Running digest(String name) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " is missing from this JVM", e);
        }
        return new Running() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public byte[] value() {
                return digest.digest();
            }
        };
    }

    private static Running crc(Checksum checksum, int width) {
        return new Running() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                checksum.update(bytes, offset, length);
            }

            @Override
            public byte[] value() {
                long crc = checksum.getValue();
                byte[] out = new byte[width];
                for (int i = 0; i < width; i++) {
                    out[i] = (byte) (crc >>> (8 * (width - 1 - i)));
                }
                return out;
            }
        };
    }

    /** CRC-64/NVME (S3's {@code CRC64NVME}): reflected, polynomial 0xAD93D23594C93659, all ones in and out. */
    private static final class Crc64Nvme implements Checksum {
        private static final long[] TABLE = table(Long.reverse(0xAD93D23594C93659L));
        private long crc = -1L;

        private static long[] table(long reflected) {
            long[] table = new long[256];
            for (int n = 0; n < 256; n++) {
                long c = n;
                for (int k = 0; k < 8; k++) {
                    c = (c & 1) != 0 ? (c >>> 1) ^ reflected : c >>> 1;
                }
                table[n] = c;
            }
            return table;
        }

        @Override
        public void update(int b) {
            crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                update(bytes[i]);
            }
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = -1L;
        }
    }
}
