package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Output;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test handlers for every operation of the subset: each records what it was called with (the input, the body it read
 * and its trailers) and answers a canned output built from it, so a round trip shows what a client sent and what it
 * made of the answer. A key named {@code missing} is {@code NoSuchKey}, a bucket named {@code missing-bucket}
 * {@code NoSuchBucket}.
 */
final class EchoHandlers {
    static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09.123Z");
    static final byte[] CONTENT = "hello, fleet".getBytes(StandardCharsets.UTF_8);
    /** The continuation token of a listing's second, last page. */
    static final String NEXT_TOKEN = "next/page+1";

    /** One call as the handler saw it. */
    record Seen(String operation, ObjectNode input, byte[] body, Map<String, String> trailers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    List<Seen> seen() {
        return seen;
    }

    Seen last(String operation) {
        return seen.stream().filter(s -> s.operation().equals(operation)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(operation + " was not called; calls: " + seen));
    }

    S3Handlers handlers() {
        S3Handlers handlers = new S3Handlers(S3TestServer.S3);
        for (String op : List.of("CreateBucket", "DeleteBucket", "HeadBucket", "ListBuckets", "GetBucketLocation",
                "PutBucketVersioning", "GetBucketVersioning", "PutObject", "GetObject", "HeadObject", "DeleteObject",
                "DeleteObjects", "CopyObject", "ListObjectsV2", "ListObjects", "ListObjectVersions",
                "CreateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
                "AbortMultipartUpload", "ListParts", "ListMultipartUploads")) {
            handlers.register(op, call -> answer(op, call));
        }
        return handlers;
    }

    private S3Result answer(String op, S3Call call) {
        byte[] body = call.body().map(EchoHandlers::readAll).orElse(new byte[0]);
        seen.add(new Seen(op, call.input().node().deepCopy(), body,
                call.body().map(RequestPayload::trailers).orElse(Map.of())));
        String bucket = call.input().optString("Bucket").orElse("");
        String key = call.input().optString("Key").orElse("");
        if (bucket.equals("missing-bucket")) {
            throw new S3Exception("NoSuchBucket", "The specified bucket does not exist", Map.of("BucketName", bucket));
        }
        if (key.equals("missing")) {
            throw new S3Exception("NoSuchKey", "The specified key does not exist.", Map.of("Key", key));
        }
        ObjectNode out = Output.object();
        return switch (op) {
            case "CreateBucket" -> S3Result.of(out.put("Location", "/" + bucket));
            case "HeadBucket" -> S3Result.of(out.put("BucketRegion", "us-east-1"));
            case "ListBuckets" -> {
                out.putArray("Buckets").add(Output.object().put("Name", "firmware")
                        .set("CreationDate", Output.timestamp(MODIFIED)));
                out.putObject("Owner").put("ID", "000000000000").put("DisplayName", "fleetline");
                yield S3Result.of(out);
            }
            case "GetBucketLocation" -> S3Result.of(out.put("LocationConstraint", "eu-west-1"));
            case "GetBucketVersioning" -> S3Result.of(out.put("Status", "Enabled"));
            case "PutObject", "UploadPart" -> S3Result.of(out.put("ETag", "\"etag-of-" + body.length + "-bytes\"")
                    .put("VersionId", "v-" + call.input().optInt("PartNumber").orElse(0)));
            case "GetObject", "HeadObject" -> object(call, out);
            case "DeleteObject" -> S3Result.of(out.put("DeleteMarker", true).put("VersionId", "marker-1"));
            case "DeleteObjects" -> deleted(call, out);
            case "CopyObject" -> {
                out.putObject("CopyObjectResult").put("ETag", "\"copied\"").set("LastModified", Output.timestamp(MODIFIED));
                yield S3Result.of(out.put("VersionId", "copy-1").put("CopySourceVersionId", "src-1"));
            }
            case "UploadPartCopy" -> {
                out.putObject("CopyPartResult").put("ETag", "\"part-copied\"").set("LastModified", Output.timestamp(MODIFIED));
                yield S3Result.of(out);
            }
            case "ListObjectsV2", "ListObjects" -> listing(call, out);
            case "ListObjectVersions" -> versions(call, out);
            case "CreateMultipartUpload" -> S3Result.of(out.put("Bucket", bucket).put("Key", key).put("UploadId", "upload-1"));
            case "CompleteMultipartUpload" -> S3Result.of(out.put("Location", "http://localhost/" + bucket + "/" + key)
                    .put("Bucket", bucket).put("Key", key).put("ETag", "\"whole-2\"").put("VersionId", "v-whole"));
            case "ListParts" -> parts(call, out);
            case "ListMultipartUploads" -> uploads(call, out);
            default -> S3Result.empty();  // DeleteBucket, PutBucketVersioning, AbortMultipartUpload
        };
    }

    private static S3Result object(S3Call call, ObjectNode out) {
        out.put("ETag", "\"abc\"").put("ContentType", "application/octet-stream").put("AcceptRanges", "bytes")
                .put("VersionId", "v-7").set("LastModified", Output.timestamp(MODIFIED));
        out.putObject("Metadata").put("version", "2.1.0").put("checksum", "e3b0");
        int from = 0;
        int to = CONTENT.length - 1;
        String range = call.input().optString("Range").orElse("");
        if (range.startsWith("bytes=")) {
            String[] bounds = range.substring(6).split("-");
            from = Integer.parseInt(bounds[0]);
            to = Math.min(to, Integer.parseInt(bounds[1]));
            out.put("ContentRange", "bytes " + from + "-" + to + "/" + CONTENT.length);
        }
        int length = to - from + 1;
        out.put("ContentLength", length);
        InputStream bytes = new ByteArrayInputStream(CONTENT, from, length);
        return S3Result.of(out, new ResponsePayload.Streamed(bytes, length));
    }

    private static S3Result deleted(S3Call call, ObjectNode out) {
        ArrayNode deleted = out.putArray("Deleted");
        ArrayNode errors = out.putArray("Errors");
        call.input().object("Delete").orElseThrow().path("Objects").forEach(object -> {
            String key = object.path("Key").asText();
            if (key.startsWith("locked")) {
                errors.add(Output.object().put("Key", key).put("Code", "AccessDenied").put("Message", "Access Denied"));
            } else {
                ObjectNode entry = deleted.addObject().put("Key", key);
                if (object.has("VersionId")) {
                    entry.set("VersionId", object.get("VersionId"));
                }
            }
        });
        return S3Result.of(out);
    }

    /**
     * Two keys, a common prefix, and a next page: the page asked for with the token (or marker) this one gives is the
     * last, so paginating clients stop.
     */
    private static S3Result listing(S3Call call, ObjectNode out) {
        String prefix = call.input().optString("Prefix").orElse("");
        String next = prefix + "sensor hub/v2+1.bin";
        boolean lastPage = call.input().optString("ContinuationToken").orElse("").equals(NEXT_TOKEN)
                || call.input().optString("Marker").orElse("").equals(next);
        out.put("Name", call.input().string("Bucket")).put("Prefix", prefix).put("MaxKeys", 1000)
                .put("IsTruncated", !lastPage);
        call.input().optString("Delimiter").ifPresent(d -> out.put("Delimiter", d));
        if (call.operation().name().equals("ListObjectsV2")) {
            out.put("KeyCount", 2);
            if (!lastPage) {
                out.put("NextContinuationToken", NEXT_TOKEN);
            }
            call.input().optString("ContinuationToken").ifPresent(t -> out.put("ContinuationToken", t));
            call.input().optString("StartAfter").ifPresent(s -> out.put("StartAfter", s));
        } else {
            if (!lastPage) {
                out.put("NextMarker", next);
            }
            call.input().optString("Marker").ifPresent(m -> out.put("Marker", m));
        }
        ArrayNode contents = out.putArray("Contents");
        for (String key : List.of(next, prefix + "firmware-ü.bin")) {
            ObjectNode object = contents.addObject().put("Key", key).put("Size", 1234).put("ETag", "\"e\"")
                    .put("StorageClass", "STANDARD");
            object.set("LastModified", Output.timestamp(MODIFIED));
        }
        out.putArray("CommonPrefixes").add(Output.object().put("Prefix", prefix + "images & more/"));
        return S3Result.of(out);
    }

    private static S3Result versions(S3Call call, ObjectNode out) {
        out.put("Name", call.input().string("Bucket")).put("IsTruncated", false).put("MaxKeys", 1000);
        ObjectNode version = out.putArray("Versions").addObject().put("Key", "fw.bin").put("VersionId", "v2")
                .put("IsLatest", false).put("Size", 10).put("ETag", "\"e2\"");
        version.set("LastModified", Output.timestamp(MODIFIED));
        ObjectNode marker = out.putArray("DeleteMarkers").addObject().put("Key", "fw.bin").put("VersionId", "dm3")
                .put("IsLatest", true);
        marker.set("LastModified", Output.timestamp(MODIFIED));
        return S3Result.of(out);
    }

    private static S3Result parts(S3Call call, ObjectNode out) {
        out.put("Bucket", call.input().string("Bucket")).put("Key", call.input().string("Key"))
                .put("UploadId", call.input().string("UploadId")).put("MaxParts", 1000).put("IsTruncated", true)
                .put("NextPartNumberMarker", 2);
        ArrayNode parts = out.putArray("Parts");
        for (int number = 1; number <= 2; number++) {
            ObjectNode part = parts.addObject().put("PartNumber", number).put("Size", 5 * 1024 * 1024)
                    .put("ETag", "\"p" + number + "\"");
            part.set("LastModified", Output.timestamp(MODIFIED));
        }
        return S3Result.of(out);
    }

    private static S3Result uploads(S3Call call, ObjectNode out) {
        out.put("Bucket", call.input().string("Bucket")).put("IsTruncated", false).put("MaxUploads", 1000);
        ObjectNode upload = out.putArray("Uploads").addObject().put("Key", "big.bin").put("UploadId", "upload-1");
        upload.set("Initiated", Output.timestamp(MODIFIED));
        return S3Result.of(out);
    }

    private static byte[] readAll(RequestPayload payload) {
        try (InputStream in = payload.stream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
