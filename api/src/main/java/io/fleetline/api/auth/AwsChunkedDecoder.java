package io.fleetline.api.auth;

import io.fleetline.api.auth.BodyException.Reason;
import io.fleetline.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain body inside an {@code aws-chunked} one, decoded as it is read:
 * <pre>
 *   chunk   = size-in-hex [ ";chunk-signature=" signature ] CRLF data CRLF
 *   final   = "0" [ ";chunk-signature=" signature ] CRLF
 *   trailer = *( name ":" value CRLF ) [ "x-amz-trailer-signature:" signature CRLF ] CRLF
 * </pre>
 * Chunk data is passed on as it arrives, never held whole; each chunk's signature is checked once its data is in,
 * the trailer's after it. Anything wrong is thrown before the end is signalled: the reader sees the end only of a body
 * that is whole, as signed, and of the length the head declared.
 */
final class AwsChunkedDecoder extends InputStream {
    /** A chunk header or a trailing header line; a signed chunk's header is 81 bytes. */
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16;
    private static final Pattern SIZE = Pattern.compile("[0-9a-fA-F]{1,15}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String CHUNK_SIGNATURE = "chunk-signature";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final InputStream wire;
    private final PayloadForm form;
    private final Optional<ChunkSignatures> signatures;
    private final Set<String> announced;
    private final OptionalLong declaredLength;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private MessageDigest chunkDigest;
    private String chunkSignature;
    private long chunkLeft;
    private long decoded;
    private boolean ended;

    /**
     * @param signatures the chain to check signed chunks against; empty where signatures are not checked (the
     *                   permissive test-double mode, no authentication)
     * @param announced  the trailing headers {@code x-amz-trailer} announced, lower-case
     */
    AwsChunkedDecoder(InputStream wire, PayloadForm form, Optional<ChunkSignatures> signatures, Set<String> announced,
                      OptionalLong declaredLength) {
        this.wire = wire;
        this.form = form;
        this.signatures = signatures;
        this.announced = announced;
        this.declaredLength = declaredLength;
    }

    /** The trailing headers, names lower-case; whole once the end was read. */
    Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
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
        while (chunkLeft == 0) {
            if (ended || !startChunk()) {
                ended = true;
                return -1;
            }
        }
        int n = readWire(into, offset, (int) Math.min(length, chunkLeft));
        if (n < 0) {
            throw incomplete();
        }
        if (chunkDigest != null) {
            chunkDigest.update(into, offset, n);
        }
        chunkLeft -= n;
        decoded += n;
        if (chunkLeft == 0) {
            expectLineEnd();
            checkChunk();
        }
        return n;
    }

    /** Reads the next chunk header; false at the final chunk, once the trailer and the end are read and checked. */
    private boolean startChunk() throws IOException {
        String line = readLine();
        String[] parts = line.split(";", -1);
        if (!SIZE.matcher(parts[0]).matches()) {
            throw malformed("a chunk header must start with its size in hex: '" + printable(line) + "'");
        }
        long size = Long.parseLong(parts[0], 16);
        chunkSignature = null;
        for (int i = 1; i < parts.length; i++) {
            extension(parts[i]);
        }
        if (form.signedChunks() && chunkSignature == null) {
            throw malformed("each chunk of a " + form + " body must carry its chunk-signature");
        }
        if (declaredLength.isPresent() && decoded + size > declaredLength.getAsLong()) {
            throw new BodyException(Reason.LENGTH_MISMATCH, "The chunks hold more than the "
                    + declaredLength.getAsLong() + " bytes x-amz-decoded-content-length declares");
        }
        chunkDigest = signatures.isPresent() ? SigV4.sha256() : null;
        chunkLeft = size;
        if (size > 0) {
            return true;
        }
        checkChunk();
        readTrailer();
        if (declaredLength.isPresent() && decoded != declaredLength.getAsLong()) {
            throw new BodyException(Reason.LENGTH_MISMATCH, "The chunks hold " + decoded + " bytes, not the "
                    + declaredLength.getAsLong() + " x-amz-decoded-content-length declares");
        }
        if (limit > position || wire.read() >= 0) {
            throw malformed("data follows the final chunk");
        }
        return false;
    }

    private void extension(String extension) {
        int eq = extension.indexOf('=');
        String name = (eq < 0 ? extension : extension.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        if (!name.equals(CHUNK_SIGNATURE)) {
            return;  // chunk extensions a chunk may carry (RFC 9112) and this decoder does not use
        }
        String value = eq < 0 ? "" : extension.substring(eq + 1).trim();
        if (!form.signedChunks() || chunkSignature != null || !SIGNATURE.matcher(value).matches()) {
            throw malformed("a chunk-signature must be 64 hex digits, once per chunk, and only in signed bodies");
        }
        chunkSignature = value;
    }

    private void checkChunk() {
        if (signatures.isPresent() && !signatures.get().nextChunk(chunkDigest.digest(), chunkSignature)) {
            throw new SignatureException(SignatureException.Reason.CHUNK_MISMATCH,
                    ErrorCode.INVALID_SIGNATURE, "The chunk signature we calculated does "
                    + "not match the signature you provided (chunk ending at byte " + decoded + ")");
        }
    }

    private void readTrailer() throws IOException {
        String trailerSignature = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw trailerMalformed("a trailing header must be 'name:value': '" + printable(line) + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals(TRAILER_SIGNATURE) && form == PayloadForm.SIGNED_CHUNKS_TRAILER && trailerSignature == null
                    && SIGNATURE.matcher(value).matches()) {
                trailerSignature = value;
            } else if (!announced.contains(name) || trailers.containsKey(name) || trailerSignature != null) {
                throw trailerMalformed("the trailing header '" + printable(name) + "' was not announced by "
                        + "x-amz-trailer, comes twice or after the trailer signature");
            } else {
                trailers.put(name, value);
            }
            if (trailers.size() > MAX_TRAILERS) {
                throw trailerMalformed("too many trailing headers");
            }
        }
        if (!trailers.keySet().equals(announced)) {
            throw trailerMalformed("the trailing headers " + announced + " announced by x-amz-trailer did not "
                    + "all come");
        }
        if (form == PayloadForm.SIGNED_CHUNKS_TRAILER && trailerSignature == null) {
            throw trailerMalformed("a " + form + " body must end with x-amz-trailer-signature");
        }
        if (signatures.isPresent() && trailerSignature != null
                && !signatures.get().trailer(trailers, trailerSignature)) {
            throw new SignatureException(SignatureException.Reason.TRAILER_MISMATCH,
                    ErrorCode.INVALID_SIGNATURE, "The trailer signature we calculated does "
                    + "not match the signature you provided");
        }
    }

    /** One line up to CRLF, without it; only CRLF ends a line. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(96);
        while (true) {
            int b = readByte();
            if (b == '\r') {
                if (readByte() != '\n') {
                    throw malformed("a CR in a chunk header or trailer must be followed by LF");
                }
                return line.toString();
            }
            if (b == '\n' || b == 0) {
                throw malformed("a chunk header or trailer line must end with CRLF");
            }
            if (line.length() == MAX_LINE) {
                throw malformed("a chunk header or trailer line is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private void expectLineEnd() throws IOException {
        if (readByte() != '\r' || readByte() != '\n') {
            throw malformed("a chunk's data must be followed by CRLF (is the chunk size right?)");
        }
    }

    private int readByte() throws IOException {
        if (position == limit && !fill()) {
            throw incomplete();
        }
        return buffer[position++] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = wire.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Chunk data: what is buffered first, then straight from the wire (large reads skip the buffer). */
    private int readWire(byte[] into, int offset, int length) throws IOException {
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }
        return wire.read(into, offset, length);
    }

    private static BodyException incomplete() {
        return new BodyException(Reason.INCOMPLETE, "The aws-chunked body ended before its final chunk");
    }

    private static BodyException malformed(String detail) {
        return new BodyException(Reason.MALFORMED, "The aws-chunked body is malformed: " + detail);
    }

    private static BodyException trailerMalformed(String detail) {
        return new BodyException(Reason.TRAILER_MALFORMED, "The aws-chunked body's trailer is malformed: " + detail);
    }

    /** A client's bytes, short and printable, for an error message. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
