package io.fleetline.api.http;

import io.fleetline.api.auth.ReferenceS3Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/** S3 requests as the bytes a client sends, signed now by the reference signer with the test key. */
final class S3Wire {
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String SIGNED_CHUNKS = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private final ReferenceS3Signer signer;
    private String seed;

    S3Wire(String secret) {
        this.signer = new ReferenceS3Signer(KEY_ID, secret, "us-east-1", Instant.now());
    }

    S3Wire() {
        this(SECRET);
    }

    /**
     * The head of a request whose headers are all signed (with {@code host}, {@code x-amz-date} and
     * {@code x-amz-content-sha256} added), followed by the framing headers, which are not.
     */
    String head(String method, String path, String payload, Map<String, String> signed, Map<String, String> framing) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "localhost");
        headers.put("x-amz-date", signer.amzDate());
        headers.put("x-amz-content-sha256", payload);
        headers.putAll(signed);
        seed = signer.signature(method, path, "", headers, payload);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        framing.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Authorization: ").append(signer.authorization(headers, seed)).append("\r\n\r\n");
        return head.toString();
    }

    /** A PUT of a plain body declaring its SHA-256 (or another payload hash). */
    String put(String path, String payload, long length) {
        return head("PUT", path, payload, Map.of(), Map.of("Content-Length", Long.toString(length)));
    }

    /** Chunks signed in a chain from the last head's signature. */
    ReferenceS3Signer.ChunkWriter signedChunks(OutputStream out) {
        return signer.chunks(out, seed);
    }

    ReferenceS3Signer.ChunkWriter unsignedChunks(OutputStream out) {
        return signer.unsignedChunks(out);
    }

    /** An aws-chunked body in memory. */
    byte[] chunked(boolean signed, Consumer<ReferenceS3Signer.ChunkWriter> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.accept(signed ? signedChunks(out) : unsignedChunks(out));
        return out.toByteArray();
    }

    static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long value = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The same pseudo-random bytes for a seed, made block by block, never held whole. */
    static final class Bytes {
        private final SplittableRandom random;

        Bytes(long seed) {
            this.random = new SplittableRandom(seed);
        }

        byte[] next(int length) {
            byte[] block = new byte[length];
            random.nextBytes(block);
            return block;
        }
    }

    /** Writes each flush as one HTTP/1.1 chunk (Transfer-Encoding: chunked, as the CLI v1 sends aws-chunked). */
    static final class HttpChunked extends OutputStream {
        private final OutputStream out;

        HttpChunked(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (length == 0) {
                return;
            }
            try {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
