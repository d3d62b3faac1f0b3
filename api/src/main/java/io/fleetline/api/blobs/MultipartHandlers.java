package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Result;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.multipart.CompletedPart;
import io.fleetline.blobs.multipart.MultipartService;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.multipart.PartCopy;
import io.fleetline.blobs.multipart.PartListing;
import io.fleetline.blobs.multipart.UploadListing;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.RangeRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts and
 * ListMultipartUploads.
 */
final class MultipartHandlers {
    private final MultipartService uploads;
    private final Owner owner;

    private MultipartHandlers(MultipartService uploads, Owner owner) {
        this.uploads = uploads;
        this.owner = owner;
    }

    static void register(Handlers handlers, MultipartService uploads, Owner owner) {
        MultipartHandlers h = new MultipartHandlers(uploads, owner);
        handlers.register("CreateMultipartUpload", h::create);
        handlers.register("UploadPart", h::uploadPart);
        handlers.register("UploadPartCopy", h::uploadPartCopy);
        handlers.register("CompleteMultipartUpload", h::complete);
        handlers.register("AbortMultipartUpload", h::abort);
        handlers.register("ListParts", h::listParts);
        handlers.register("ListMultipartUploads", h::listUploads);
    }

    private S3Result create(S3Call call) {
        Members.refuseUnkept(call);
        MultipartUpload upload = uploads.create(Members.bucket(call), Members.key(call), Members.attributes(call));
        return S3Result.of(Members.output().put("Bucket", upload.bucket().value())
                .put("Key", upload.key().value()).put("UploadId", upload.uploadId()));
    }

    private S3Result uploadPart(S3Call call) {
        UploadBody body = UploadBody.of(call);
        Part part = uploads.uploadPart(Members.bucket(call), Members.key(call), call.input().string("UploadId"),
                call.input().optInt("PartNumber").orElseThrow(), body.stream(), body.length(),
                UploadBody.digests(call));
        ObjectNode output = Members.output().put("ETag", part.etag().value());
        body.echo(output);
        return S3Result.of(output);
    }

    private S3Result uploadPartCopy(S3Call call) {
        PartCopy copy = uploads.uploadPartCopy(Members.bucket(call), Members.key(call),
                call.input().string("UploadId"), call.input().optInt("PartNumber").orElseThrow(),
                Members.copySource(call), call.input().optString("CopySourceRange").map(RangeRequest::copySource),
                Members.copySourceConditions(call));
        ObjectNode output = Members.output();
        output.putObject("CopyPartResult").put("ETag", copy.part().etag().value())
                .set("LastModified", Members.time(copy.part().lastModified()));
        if (!copy.source().versionId().isNull()) {
            output.put("CopySourceVersionId", copy.source().versionId().value());
        }
        return S3Result.of(output);
    }

    private S3Result complete(S3Call call) {
        List<CompletedPart> parts = new ArrayList<>();
        JsonNode chosen = call.input().object("MultipartUpload").map(upload -> upload.path("Parts"))
                .orElseThrow(S3Exception::malformedXml);
        for (JsonNode part : chosen) {
            if (!part.path("PartNumber").canConvertToInt() || !part.path("ETag").isTextual()) {
                throw S3Exception.malformedXml();
            }
            parts.add(new CompletedPart(part.path("PartNumber").intValue(), part.path("ETag").textValue()));
        }
        ObjectWrite write = uploads.complete(Members.bucket(call), Members.key(call), call.input().string("UploadId"),
                parts);
        ObjectNode output = Members.output().put("Bucket", Members.bucket(call)).put("Key", Members.key(call))
                .put("ETag", write.version().body().etag().value());
        write.reportedVersionId().ifPresent(id -> output.put("VersionId", id.value()));
        return S3Result.of(output);
    }

    private S3Result abort(S3Call call) {
        uploads.abort(Members.bucket(call), Members.key(call), call.input().string("UploadId"));
        return S3Result.empty();
    }

    private S3Result listParts(S3Call call) {
        int maxParts = call.input().optInt("MaxParts").orElse(ListQuery.MAX_KEYS);
        int marker = call.input().optInt("PartNumberMarker").orElse(0);
        PartListing listing = uploads.listParts(Members.bucket(call), Members.key(call),
                call.input().string("UploadId"), maxParts, marker);
        ObjectNode output = Members.output().put("Bucket", Members.bucket(call)).put("Key", Members.key(call))
                .put("UploadId", listing.upload().uploadId()).put("PartNumberMarker", marker)
                .put("MaxParts", Math.min(maxParts, ListQuery.MAX_KEYS)).put("IsTruncated", listing.truncated())
                .put("StorageClass", Members.STORAGE_CLASS);
        listing.nextPartNumberMarker().ifPresent(next -> output.put("NextPartNumberMarker", next));
        ArrayNode parts = output.putArray("Parts");
        for (Part part : listing.parts()) {
            ObjectNode entry = parts.addObject().put("PartNumber", part.number());
            entry.set("LastModified", Members.time(part.lastModified()));
            entry.put("ETag", part.etag().value()).put("Size", part.size());
        }
        output.set("Initiator", owner.node());
        output.set("Owner", owner.node());
        return S3Result.of(output);
    }

    private S3Result listUploads(S3Call call) {
        ObjectNode output = Members.output().put("Bucket", Members.bucket(call));
        ListQuery query = ListingHandlers.query(call, "MaxUploads", output);
        var keyMarker = call.input().optString("KeyMarker");
        var uploadIdMarker = call.input().optString("UploadIdMarker");
        UploadListing listing = uploads.listUploads(Members.bucket(call), query, keyMarker, uploadIdMarker);
        output.put("KeyMarker", keyMarker.orElse("")).put("UploadIdMarker", uploadIdMarker.orElse(""))
                .put("IsTruncated", listing.truncated());
        listing.nextKeyMarker().ifPresent(next -> output.put("NextKeyMarker", next));
        listing.nextUploadIdMarker().ifPresent(next -> output.put("NextUploadIdMarker", next));
        ArrayNode list = output.putArray("Uploads");
        for (MultipartUpload upload : listing.uploads()) {
            ObjectNode entry = list.addObject().put("UploadId", upload.uploadId()).put("Key", upload.key().value());
            entry.set("Initiated", Members.time(upload.initiated()));
            entry.put("StorageClass", Members.STORAGE_CLASS);
            entry.set("Owner", owner.node());
            entry.set("Initiator", owner.node());
        }
        ListingHandlers.commonPrefixes(output, listing.commonPrefixes());
        return S3Result.of(output);
    }
}
