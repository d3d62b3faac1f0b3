package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.ResponsePayload;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Result;
import io.fleetline.blobs.bucket.BucketService;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.object.ByteRange;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.CopyOptions;
import io.fleetline.blobs.object.CopyResult;
import io.fleetline.blobs.object.CopyService;
import io.fleetline.blobs.object.DeleteOutcome;
import io.fleetline.blobs.object.DeleteResult;
import io.fleetline.blobs.object.MetadataDirective;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectIdentifier;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ObjectService;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.blobs.object.ReadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, and GetObjectTagging (an empty tag set:
 * Fleetline keeps no tags, and the CLI asks for them when it copies).
 */
final class ObjectHandlers {
    private final ObjectService objects;
    private final CopyService copies;
    private final BucketService buckets;

    private ObjectHandlers(ObjectService objects, CopyService copies, BucketService buckets) {
        this.objects = objects;
        this.copies = copies;
        this.buckets = buckets;
    }

    static void register(Handlers handlers, ObjectService objects, CopyService copies, BucketService buckets) {
        ObjectHandlers h = new ObjectHandlers(objects, copies, buckets);
        handlers.register("PutObject", h::put);
        handlers.register("GetObject", h::get);
        handlers.register("HeadObject", h::head);
        handlers.register("DeleteObject", h::delete);
        handlers.register("DeleteObjects", h::deleteMany);
        handlers.register("CopyObject", h::copy);
        handlers.register("GetObjectTagging", h::tagging);
    }

    private S3Result put(S3Call call) {
        if (call.input().object("IfMatch").isPresent() || call.input().object("IfNoneMatch").isPresent()) {
            throw Members.notImplemented("conditional writes (If-Match, If-None-Match)");
        }
        Members.refuseUnkept(call);
        ObjectAttributes attributes = Members.attributes(call);
        UploadBody body = UploadBody.of(call);
        ObjectWrite write = objects.put(Members.bucket(call), Members.key(call),
                new ObjectUpload(body.stream(), body.length(), attributes, UploadBody.digests(call)));
        ObjectNode output = Members.output().put("ETag", write.version().body().etag().value());
        write.reportedVersionId().ifPresent(id -> output.put("VersionId", id.value()));
        body.echo(output);
        return S3Result.of(output);
    }

    /**
     * The bytes go as a region of the content's open file (the route sends it without copying it through the heap,
     * then closes it, which closes the read), else as a stream. The read stays open until the bytes are sent, so a
     * delete that races the download neither cuts it short nor frees the bytes under it.
     */
    private S3Result get(S3Call call) {
        ObjectRead read = objects.get(Members.bucket(call), Members.key(call), readOptions(call));
        try {
            ObjectNode output = describe(call, read.version(), read.range());
            putVersionId(call, output, read.version());
            if (read.channel() != null) {
                return S3Result.of(output, new ResponsePayload.FileRange(read.channel(), read.offset(), read.length()));
            }
            return S3Result.of(output, new ResponsePayload.Streamed(new ClosingStream(read), read.length()));
        } catch (RuntimeException e) {
            read.close();
            throw e;
        }
    }

    private S3Result head(S3Call call) {
        ObjectHead head = objects.head(Members.bucket(call), Members.key(call), readOptions(call));
        ObjectNode output = describe(call, head.version(), head.range());
        putVersionId(call, output, head.version());
        return S3Result.of(output);
    }

    /**
     * A read of part 1 is the whole object, and no {@code x-amz-mp-parts-count} is answered: Fleetline keeps no part
     * boundaries once an upload completed, so a client that downloads by part (the SDK's multipart download) reads
     * it as one part. A read of another part is refused.
     */
    private static ReadOptions readOptions(S3Call call) {
        Optional<Integer> part = call.input().optInt("PartNumber");
        if (part.isPresent() && part.get() != 1) {
            throw Members.notImplemented("reading one part of an object (partNumber)");
        }
        return new ReadOptions(Members.versionId(call), call.input().optString("Range").flatMap(RangeRequest::parse),
                Members.readConditions(call));
    }

    /** The headers of GetObject and HeadObject, with the {@code response-*} overrides the request asked for. */
    private static ObjectNode describe(S3Call call, ObjectVersion version, Optional<ByteRange> range) {
        ObjectData data = version.body();
        ObjectNode output = Members.output()
                .put("AcceptRanges", "bytes")
                .put("ETag", data.etag().value())
                .put("ContentLength", range.map(ByteRange::length).orElse(data.size()))
                .put("ContentType", data.attributes().contentType());
        output.set("LastModified", Members.time(version.lastModified()));
        range.ifPresent(r -> output.put("ContentRange", r.contentRange()));
        if (!data.attributes().userMetadata().isEmpty()) {
            ObjectNode metadata = output.putObject("Metadata");
            data.attributes().userMetadata().forEach(metadata::put);
        }
        call.input().optString("ResponseContentType").ifPresent(v -> output.put("ContentType", v));
        call.input().optString("ResponseCacheControl").ifPresent(v -> output.put("CacheControl", v));
        call.input().optString("ResponseContentDisposition").ifPresent(v -> output.put("ContentDisposition", v));
        call.input().optString("ResponseContentEncoding").ifPresent(v -> output.put("ContentEncoding", v));
        call.input().optString("ResponseContentLanguage").ifPresent(v -> output.put("ContentLanguage", v));
        call.instant("ResponseExpires").ifPresent(v -> output.put("Expires", Members.httpDate(v)));
        return output;
    }

    private S3Result delete(S3Call call) {
        if (call.input().object("IfMatch").isPresent() || call.input().object("IfMatchLastModifiedTime").isPresent()
                || call.input().object("IfMatchSize").isPresent()) {
            throw Members.notImplemented("conditional deletes");
        }
        DeleteResult result = objects.delete(Members.bucket(call), Members.key(call), Members.versionId(call));
        ObjectNode output = Members.output();
        if (result.deleteMarker()) {
            output.put("DeleteMarker", true);
        }
        result.versionId().ifPresent(id -> output.put("VersionId", id.value()));
        return S3Result.of(output);
    }

    /** Each object deleted on its own; {@code Quiet} leaves the successes out of the answer. */
    private S3Result deleteMany(S3Call call) {
        JsonNode delete = call.input().object("Delete").orElseThrow(S3Exception::malformedXml);
        List<ObjectIdentifier> identifiers = new ArrayList<>();
        for (JsonNode object : delete.path("Objects")) {
            identifiers.add(new ObjectIdentifier(object.path("Key").asText(""),
                    Optional.ofNullable(object.path("VersionId").textValue())));
        }
        boolean quiet = delete.path("Quiet").asBoolean(false);
        List<DeleteOutcome> outcomes = objects.deleteMany(Members.bucket(call), identifiers);
        ObjectNode output = Members.output();
        ArrayNode deleted = output.putArray("Deleted");
        ArrayNode errors = output.putArray("Errors");
        for (DeleteOutcome outcome : outcomes) {
            switch (outcome) {
                case DeleteOutcome.Deleted done -> {
                    if (!quiet) {
                        ObjectNode entry = deleted.addObject().put("Key", done.object().key());
                        done.object().versionId().ifPresent(id -> entry.put("VersionId", id));
                        if (done.result().deleteMarker()) {
                            entry.put("DeleteMarker", true);
                            done.result().versionId().ifPresent(id -> entry.put("DeleteMarkerVersionId", id.value()));
                        }
                    }
                }
                case DeleteOutcome.Failed failed -> {
                    ObjectNode entry = errors.addObject().put("Key", failed.object().key());
                    failed.object().versionId().ifPresent(id -> entry.put("VersionId", id));
                    entry.put("Code", failed.code().awsType()).put("Message", failed.message());
                }
            }
        }
        return S3Result.of(output);
    }

    private S3Result copy(S3Call call) {
        if (call.input().object("IfMatch").isPresent() || call.input().object("IfNoneMatch").isPresent()) {
            throw Members.notImplemented("conditional writes (If-Match, If-None-Match)");
        }
        Members.refuseUnkept(call);
        MetadataDirective directive = MetadataDirective.of(call.input().optString("MetadataDirective").orElse("COPY"));
        CopyOptions options = new CopyOptions(directive, directive == MetadataDirective.REPLACE
                ? Members.attributes(call) : ObjectAttributes.NONE, Members.copySourceConditions(call));
        CopyResult result = copies.copy(Members.copySource(call), Members.bucket(call), Members.key(call), options);
        ObjectVersion written = result.write().version();
        ObjectNode output = Members.output();
        output.putObject("CopyObjectResult").put("ETag", written.body().etag().value())
                .set("LastModified", Members.time(written.lastModified()));
        result.write().reportedVersionId().ifPresent(id -> output.put("VersionId", id.value()));
        if (!result.source().versionId().isNull()) {
            output.put("CopySourceVersionId", result.source().versionId().value());
        }
        return S3Result.of(output);
    }

    private S3Result tagging(S3Call call) {
        ObjectHead head = objects.head(Members.bucket(call), Members.key(call),
                new ReadOptions(Members.versionId(call), Optional.empty(),
                        Conditions.NONE));
        ObjectNode output = Members.output();
        output.putArray("TagSet");
        putVersionId(call, output, head.version());
        return S3Result.of(output);
    }

    /**
     * {@code x-amz-version-id} of a read: the version's id, and {@code null} for the null version of a bucket that is
     * or was versioned; none in a bucket never versioned (asked of the bucket only then).
     */
    private void putVersionId(S3Call call, ObjectNode output, ObjectVersion version) {
        if (!version.versionId().isNull()
                || buckets.versioning(Members.bucket(call)) != VersioningStatus.UNVERSIONED) {
            output.put("VersionId", version.versionId().value());
        }
    }

    /** The stream of a read that closes the read with it. */
    private static final class ClosingStream extends java.io.FilterInputStream {
        private final ObjectRead read;

        ClosingStream(ObjectRead read) {
            super(read.stream());
            this.read = read;
        }

        @Override
        public void close() throws java.io.IOException {
            try {
                super.close();
            } finally {
                read.close();
            }
        }
    }
}
