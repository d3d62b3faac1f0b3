package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Output;
import io.fleetline.api.http.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small S3 handlers for the streaming route's tests: PutObject, GetObject and HeadObject over files in a directory,
 * keyed by bucket and key. An upload is kept only once its body's end was read (the stream throws otherwise, and the
 * partial file is dropped), a download is answered as a file region (the route's zero-copy path), a missing key is
 * {@code NoSuchKey}.
 */
final class FileObjectHandlers {
    /** One stored object: its file, its MD5 (the ETag) and the trailers its upload ended with. */
    record Stored(Path file, String md5, Map<String, String> trailers) {
        byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A key whose download fails inside the handler, as a bug would. */
    static final String BREAKS = "breaks";

    private final Path dir;
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();

    FileObjectHandlers(Path dir) {
        this.dir = dir;
    }

    Optional<Stored> stored(String bucket, String key) {
        return Optional.ofNullable(objects.get(bucket + "/" + key));
    }

    S3Handlers handlers() {
        return new S3Handlers(S3TestServer.S3)
                .register("PutObject", this::put)
                .register("GetObject", this::get)
                .register("HeadObject", this::get);
    }

    private S3Result put(S3Call call) {
        String bucket = call.input().optString("Bucket").orElseThrow();
        String key = call.input().optString("Key").orElseThrow();
        RequestPayload body = call.body().orElseThrow();
        try {
            Path partial = Files.createTempFile(dir, "upload", ".part");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(body.stream(), md5)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            } catch (RuntimeException | IOException refused) {
                Files.delete(partial);  // the end was not read: nothing of it is kept
                throw refused;
            }
            Path file = Files.createTempFile(dir, "object", ".bin");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            String hex = HexFormat.of().formatHex(md5.digest());
            objects.put(bucket + "/" + key, new Stored(file, hex, body.trailers()));
            return S3Result.of(Output.object().put("ETag", "\"" + hex + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private S3Result get(S3Call call) {
        String bucket = call.input().optString("Bucket").orElseThrow();
        String key = call.input().optString("Key").orElseThrow();
        if (key.equals(BREAKS)) {
            throw new IllegalStateException(BREAKS + " is broken");
        }
        Stored stored = stored(bucket, key).orElseThrow(() -> new S3Exception("NoSuchKey",
                "The specified key does not exist.", Map.of("Key", key)));
        long size;
        try {
            size = Files.size(stored.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode out = Output.object().put("ETag", "\"" + stored.md5() + "\"").put("AcceptRanges", "bytes")
                .put("ContentType", "application/octet-stream");
        return switch (ByteRange.select(call.input().optString("Range"), size)) {
            case ByteRange.Whole whole -> S3Result.of(out.put("ContentLength", size),
                    new ResponsePayload.FileRange(open(stored.file()), 0, size));
            case ByteRange.Part part -> S3Result.of(out.put("ContentLength", part.range().length())
                    .put("ContentRange", part.range().contentRange()),
                    new ResponsePayload.FileRange(open(stored.file()), part.range().first(), part.range().length()));
            case ByteRange.Unsatisfiable none -> throw new S3Exception("InvalidRange",
                    "The requested range is not satisfiable", Map.of("ActualObjectSize", Long.toString(size)),
                    Map.of("Content-Range", none.contentRange()));
        };
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
