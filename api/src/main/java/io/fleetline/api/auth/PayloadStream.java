package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A request's body as it is streamed, never held whole: decoded from {@code aws-chunked} where the head says so, and
 * checked against what the head declared and signed while it is read — the SHA-256 of {@code x-amz-content-sha256},
 * each chunk's signature, the trailer's, and {@code x-amz-decoded-content-length}.
 *
 * <p><b>The end is the verdict.</b> Until {@link #read} answers -1, nothing read is known to be what the client signed:
 * a body that does not match throws ({@link SignatureException}, {@link BodyException}, both unchecked) instead of
 * signalling its end. Whoever stores what it reads keeps it only once the end was read, and discards it when the
 * stream throws.
 */
public final class PayloadStream extends InputStream {
    private final InputStream source;
    private final Optional<AwsChunkedDecoder> chunks;
    private final Optional<String> expectedSha256;
    private final MessageDigest digest;
    private final OptionalLong length;
    private boolean ended;
    /** Decoded bytes handed out so far (the server counts what its object store took in). */
    private long bytesRead;

    private PayloadStream(InputStream source, Optional<AwsChunkedDecoder> chunks, Optional<String> expectedSha256,
                          OptionalLong length) {
        this.source = source;
        this.chunks = chunks;
        this.expectedSha256 = expectedSha256;
        this.digest = expectedSha256.isPresent() ? SigV4.sha256() : null;
        this.length = length;
    }

    /**
     * The body of {@code head} read from {@code wire} as the head declares it, with the chunk signatures checked
     * against {@code signatures} when present (else only the framing, digests and lengths are checked).
     */
    static PayloadStream open(RawRequest head, InputStream wire, Optional<ChunkSignatures> signatures) {
        String declared = head.header("x-amz-content-sha256").orElse(PayloadForm.UNSIGNED_PAYLOAD);
        PayloadForm form = PayloadForm.of(declared);
        if (!form.chunked()) {
            Optional<String> sha256 = form == PayloadForm.DIGEST ? Optional.of(PayloadForm.digestOf(declared))
                    : Optional.empty();
            return new PayloadStream(wire, Optional.empty(), sha256, lengthHeader(head, "content-length"));
        }
        OptionalLong decodedLength = lengthHeader(head, "x-amz-decoded-content-length");
        AwsChunkedDecoder decoder = new AwsChunkedDecoder(wire, form, signatures.filter(s -> form.signedChunks()),
                form.trailer() ? announcedTrailers(head) : Set.of(), decodedLength);
        return new PayloadStream(decoder, Optional.of(decoder), Optional.empty(), decodedLength);
    }

    /** The body of a request whose head alone was checked (no authentication, or the permissive test double). */
    public static PayloadStream unverified(RawRequest head, InputStream wire) {
        return open(head, wire, Optional.empty());
    }

    /**
     * The body's length as the head declares it ({@code x-amz-decoded-content-length} for an aws-chunked body,
     * else {@code Content-Length}); empty when it does not (HTTP chunked, no declared length). The stream holds the
     * body to it.
     */
    public OptionalLong length() {
        return length;
    }

    /**
     * The trailing headers an aws-chunked body ended with ({@code x-amz-checksum-crc32: ...}), names lower-case, as
     * {@code x-amz-trailer} announced them; empty until the end was read, and for other bodies.
     */
    public Map<String, String> trailers() {
        return ended ? chunks.map(AwsChunkedDecoder::trailers).orElse(Map.of()) : Map.of();
    }

    /** The decoded bytes read so far (aws-chunked framing left out), whether or not the end was reached. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Whether the end was read: the body is whole and matched everything its head declared and signed. */
    public boolean complete() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int count) throws IOException {
        if (ended) {
            return -1;
        }
        if (count == 0) {
            return 0;
        }
        int n = source.read(into, offset, count);
        if (n > 0) {
            bytesRead += n;
            if (digest != null) {
                digest.update(into, offset, n);
            }
        }
        if (n < 0) {
            checkDigest();
            ended = true;
        }
        return n;
    }

    private void checkDigest() {
        if (expectedSha256.isPresent()) {
            String computed = SigV4.hex(digest.digest());
            if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    expectedSha256.get().getBytes(StandardCharsets.US_ASCII))) {
                throw new SignatureException(SignatureException.Reason.PAYLOAD_HASH_MISMATCH,
                        ErrorCode.INVALID_SIGNATURE, "The provided x-amz-content-sha256 header does not match what "
                        + "was computed.");
            }
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private static OptionalLong lengthHeader(RawRequest head, String name) {
        Optional<String> value = head.header(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = value.get().trim();
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BodyException(BodyException.Reason.MALFORMED, name + " must be a number of bytes");
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    private static Set<String> announcedTrailers(RawRequest head) {
        Set<String> names = new LinkedHashSet<>();
        head.headers().getOrDefault("x-amz-trailer", List.of()).forEach(value -> Arrays.stream(value.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty()).forEach(names::add));
        return names;
    }
}
