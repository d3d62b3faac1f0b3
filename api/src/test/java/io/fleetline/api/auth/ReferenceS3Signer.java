package io.fleetline.api.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 for S3 as AWS documents it ("Authenticating Requests: Using the Authorization Header", "Transferring Payload in
 * Multiple Chunks", "Signature calculations for trailing headers"), written out again for the tests and independent
 * of the verifier's code: a request's signature, and aws-chunked bodies with their chained chunk and trailer
 * signatures, written as they are signed so that bodies of any size can be sent.
 */
public final class ReferenceS3Signer {
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String keyId;
    private final String amzDate;
    private final String scope;
    private final byte[] signingKey;

    public ReferenceS3Signer(String keyId, String secret, String region, Instant at) {
        this.keyId = keyId;
        this.amzDate = AMZ_DATE.format(at);
        String date = amzDate.substring(0, 8);
        this.scope = date + "/" + region + "/s3/aws4_request";
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "s3");
        this.signingKey = hmac(key, "aws4_request");
    }

    public String amzDate() {
        return amzDate;
    }

    /**
     * The signature of a request whose headers (all of them signed) include {@code host}, {@code x-amz-date} and
     * {@code x-amz-content-sha256} = {@code payloadHash}.
     *
     * @param path  the canonical path, each segment encoded once
     * @param query the canonical query string (sorted, encoded), or empty
     */
    public String signature(String method, String path, String query, Map<String, String> headers, String payloadHash) {
        Map<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), value.trim()));
        String canonicalRequest = method + "\n" + path + "\n" + query + "\n"
                + canonical.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n")
                        .collect(Collectors.joining())
                + "\n" + String.join(";", canonical.keySet()) + "\n" + payloadHash;
        return sign("AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest));
    }

    /** The {@code Authorization} header for a signature made by {@link #signature} over these headers. */
    public String authorization(Map<String, String> headers, String signature) {
        String signed = new TreeMap<>(headers).keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(";"));
        return "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope + ", SignedHeaders=" + signed
                + ", Signature=" + signature;
    }

    /** A writer of an aws-chunked body; with {@code seed}, each chunk is signed in a chain starting from it. */
    public ChunkWriter chunks(OutputStream out, String seed) {
        return new ChunkWriter(out, seed);
    }

    /** A writer of an aws-chunked body without signatures ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}). */
    public ChunkWriter unsignedChunks(OutputStream out) {
        return new ChunkWriter(out, null);
    }

    /** Writes chunks as they are given, then the final chunk and the trailer. */
    public final class ChunkWriter {
        private final OutputStream out;
        private String previous;

        private ChunkWriter(OutputStream out, String seed) {
            this.out = out;
            this.previous = seed;
        }

        /** The signature the next chunk of {@code data} gets (the chain moves on). */
        public String nextSignature(byte[] data, int offset, int length) {
            MessageDigest digest = sha256();
            digest.update(data, offset, length);
            previous = sign("AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                    + sha256Hex("") + "\n" + HEX.formatHex(digest.digest()));
            return previous;
        }

        public ChunkWriter chunk(byte[] data, int offset, int length) {
            return rawChunk(Integer.toHexString(length) + signatureExtension(data, offset, length), data, offset,
                    length);
        }

        /** A chunk with the header given as is (for broken framing). */
        public ChunkWriter rawChunk(String header, byte[] data, int offset, int length) {
            write((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(data, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            write("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /**
         * The final chunk and the trailing headers, signed ({@code x-amz-trailer-signature}) when {@code signTrailer};
         * then the empty line that ends the body.
         */
        public void finish(Map<String, String> trailers, boolean signTrailer) {
            write(("0" + signatureExtension(new byte[0], 0, 0) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder lines = new StringBuilder();
            trailers.forEach((name, value) -> lines.append(name).append(':').append(value).append("\r\n"));
            if (signTrailer) {
                StringBuilder canonical = new StringBuilder();
                new TreeMap<>(trailers).forEach((name, value) -> canonical.append(name).append(':').append(value)
                        .append('\n'));
                previous = sign("AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                        + sha256Hex(canonical.toString()));
                lines.append("x-amz-trailer-signature:").append(previous).append("\r\n");
            }
            write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        private String signatureExtension(byte[] data, int offset, int length) {
            return previous == null ? "" : ";chunk-signature=" + nextSignature(data, offset, length);
        }

        private void write(byte[] bytes) {
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String sign(String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
