package io.fleetline.api.http;

import io.fleetline.api.auth.BodyException;
import io.fleetline.api.auth.Caller;
import io.fleetline.api.auth.SignatureException;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A streaming route for the tests, shaped like the S3 adapter to come: a PUT streams its body through checksums and
 * keeps only what they say (as if stored), a GET or HEAD serves one file with {@code Range}, and every failure is an
 * S3 XML error.
 */
final class HashingRoute implements StreamingRoute {
    /** What a PUT whose body ended left: its length, checksums and trailing headers, and who sent it. */
    record Stored(String path, long length, String sha256, String md5, Map<String, String> trailers, Caller caller) {
    }

    private final long maxBodyBytes;
    private final Path file;
    final BlockingQueue<Stored> stored = new LinkedBlockingQueue<>();
    /** PUTs whose body failed after the route began to read it: what they had "stored" is thrown away. */
    final AtomicInteger discarded = new AtomicInteger();
    final AtomicInteger served = new AtomicInteger();
    /** Counted down once this many body bytes of a PUT were read (the test then looks at the heap). */
    private volatile long pauseAt = Long.MAX_VALUE;
    private volatile CountDownLatch reached = new CountDownLatch(1);

    HashingRoute(long maxBodyBytes, Path file) {
        this.maxBodyBytes = maxBodyBytes;
        this.file = file;
    }

    CountDownLatch whenRead(long bytes) {
        reached = new CountDownLatch(1);
        pauseAt = bytes;
        return reached;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public StreamedResponse serve(StreamedRequest request) throws IOException {
        served.incrementAndGet();
        RawRequest head = request.head();
        return switch (head.method()) {
            case "PUT" -> put(request);
            case "GET", "HEAD" -> get(head);
            default -> error(405, "MethodNotAllowed", "not served by the test route", "-");
        };
    }

    private StreamedResponse put(StreamedRequest request) throws IOException {
        Set<ChecksumAlgorithm> algorithms = EnumSet.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.SHA256);
        algorithms.addAll(ChecksumStream.requestedBy(request.head()));
        ChecksumStream body = new ChecksumStream(request.body(), algorithms);
        long length = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                length += n;
                if (length >= pauseAt) {
                    pauseAt = Long.MAX_VALUE;
                    reached.countDown();
                }
            }
        } catch (RuntimeException refused) {
            discarded.incrementAndGet();
            throw refused;
        }
        var mismatch = body.mismatch(request.head(), request.body().trailers());
        if (mismatch.isPresent()) {
            discarded.incrementAndGet();
            return error(400, "BadDigest",
                    "The " + mismatch.get() + " you specified did not match the calculated checksum.",
                    request.requestId());
        }
        String md5 = HexFormat.of().formatHex(body.value(ChecksumAlgorithm.MD5));
        stored.add(new Stored(request.head().rawPath(), length,
                HexFormat.of().formatHex(body.value(ChecksumAlgorithm.SHA256)), md5,
                request.body().trailers(), request.caller()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", "\"" + md5 + "\"");
        headers.put("x-amz-request-id", request.requestId());
        return StreamedResponse.of(200, headers);
    }

    private StreamedResponse get(RawRequest head) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Ranges", "bytes");
        headers.put("Content-Type", "application/octet-stream");
        return switch (ByteRange.select(head.header("range"), size)) {
            case ByteRange.Whole whole -> new StreamedResponse(200, headers,
                    new StreamedResponse.FileRegion(channel, 0, size));
            case ByteRange.Part part -> {
                headers.put("Content-Range", part.range().contentRange());
                yield new StreamedResponse(206, headers, new StreamedResponse.FileRegion(channel,
                        part.range().first(), part.range().length()));
            }
            case ByteRange.Unsatisfiable none -> {
                channel.close();
                StreamedResponse error = error(416, "InvalidRange", "The requested range is not satisfiable", "-");
                Map<String, String> with = new LinkedHashMap<>(error.headers());
                with.put("Content-Range", none.contentRange());
                yield new StreamedResponse(416, with, error.body());
            }
        };
    }

    /** S3's errors, as the S3 adapter will word them. */
    @Override
    public StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure) {
        if (failure instanceof SignatureException e) {
            return switch (e.reason()) {
                case MISMATCH, CHUNK_MISMATCH, TRAILER_MISMATCH -> error(403, "SignatureDoesNotMatch",
                        e.getMessage(), requestId);
                case PAYLOAD_HASH_MISMATCH -> error(400, "XAmzContentSHA256Mismatch", e.getMessage(), requestId);
                case UNKNOWN_KEY -> error(403, "InvalidAccessKeyId", e.getMessage(), requestId);
                case MISSING, EXPIRED -> error(403, "AccessDenied", e.getMessage(), requestId);
                case NOT_YET_VALID -> error(403, "RequestTimeTooSkewed", e.getMessage(), requestId);
                case MALFORMED, WRONG_REGION, WRONG_DATE -> error(400, "AuthorizationHeaderMalformed",
                        e.getMessage(), requestId);
                case PAYLOAD_HASH_INVALID, PAYLOAD_HASH_MISSING -> error(400, "InvalidRequest", e.getMessage(),
                        requestId);
            };
        }
        if (failure instanceof BodyException e) {
            return switch (e.reason()) {
                case TOO_LARGE -> error(400, "EntityTooLarge", e.getMessage(), requestId);
                case TIMEOUT -> error(400, "RequestTimeout", e.getMessage(), requestId);
                case INCOMPLETE, LENGTH_MISMATCH -> error(400, "IncompleteBody", e.getMessage(), requestId);
                case MALFORMED -> error(400, "InvalidRequest", e.getMessage(), requestId);
                case TRAILER_MALFORMED -> error(400, "MalformedTrailerError", e.getMessage(), requestId);
            };
        }
        return error(500, "InternalError", failure.getMessage(), requestId);
    }

    private static StreamedResponse error(int status, String code, String message, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message><RequestId>" + requestId
                + "</RequestId></Error>";
        return new StreamedResponse(status, Map.of("Content-Type", "application/xml", "x-amz-request-id", requestId),
                new StreamedResponse.Bytes(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
