package io.fleetline.api.http;

import io.fleetline.api.binding.RawRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes checksums of a body while it is read once — the S3 checks of {@code Content-MD5} and
 * {@code x-amz-checksum-*}, and an object's MD5 ETag — so that nothing is read twice. The values are there once the
 * end was read.
 */
public final class ChecksumStream extends FilterInputStream {
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Running> running = new EnumMap<>(ChecksumAlgorithm.class);
    private final Map<ChecksumAlgorithm, byte[]> values = new EnumMap<>(ChecksumAlgorithm.class);

    public ChecksumStream(InputStream in, Set<ChecksumAlgorithm> algorithms) {
        super(in);
        algorithms.forEach(algorithm -> running.put(algorithm, algorithm.start()));
    }

    /**
     * The checksums a request names: {@code Content-MD5} and {@code x-amz-checksum-*} in its head, and those its
     * {@code x-amz-trailer} announces for the end of an aws-chunked body.
     */
    public static Set<ChecksumAlgorithm> requestedBy(RawRequest head) {
        Set<ChecksumAlgorithm> named = EnumSet.noneOf(ChecksumAlgorithm.class);
        head.headers().keySet().forEach(name -> ChecksumAlgorithm.ofHeader(name).ifPresent(named::add));
        head.headers().getOrDefault("x-amz-trailer", List.of()).forEach(value -> {
            for (String name : value.split(",")) {
                ChecksumAlgorithm.ofHeader(name.trim()).ifPresent(named::add);
            }
        });
        return named;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(into, offset, length);
        if (n > 0) {
            running.values().forEach(checksum -> checksum.update(into, offset, n));
        } else if (n < 0 && values.isEmpty()) {
            running.forEach((algorithm, checksum) -> values.put(algorithm, checksum.value()));
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a checksummed body is read whole, never skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /**
     * The checksum of everything read, as its header carries it (base64).
     *
     * @throws IllegalStateException before the end was read, or for an algorithm not asked for
     */
    public String base64(ChecksumAlgorithm algorithm) {
        return Base64.getEncoder().encodeToString(value(algorithm));
    }

    /** The checksum of everything read, as bytes (an MD5 ETag is their hex). */
    public byte[] value(ChecksumAlgorithm algorithm) {
        byte[] value = values.get(algorithm);
        if (value == null) {
            throw new IllegalStateException(algorithm + " was not computed" + (values.isEmpty() && !running.isEmpty()
                    ? ": the end was not read yet" : ""));
        }
        return value.clone();
    }

    /**
     * The first checksum whose value, as the request's head or the body's trailing headers give it, is not what was
     * computed; empty when all match. Every algorithm the request names must have been asked for.
     */
    public Optional<ChecksumAlgorithm> mismatch(RawRequest head, Map<String, String> trailers) {
        for (ChecksumAlgorithm algorithm : requestedBy(head)) {
            String given = head.header(algorithm.header()).orElse(trailers.get(algorithm.header()));
            if (given != null && !MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.US_ASCII),
                    base64(algorithm).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
