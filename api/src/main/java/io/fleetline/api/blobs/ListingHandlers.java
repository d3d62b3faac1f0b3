package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Result;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.listing.ListingService;
import io.fleetline.blobs.listing.ObjectListing;
import io.fleetline.blobs.listing.VersionListing;
import io.fleetline.blobs.object.ObjectVersion;
import java.util.List;

/**
 * ListObjectsV2, ListObjects and ListObjectVersions. Keys and prefixes are written as they are; the codec
 * percent-encodes them when the request asked {@code encoding-type=url}, the only encoding S3 takes.
 */
final class ListingHandlers {
    private final ListingService listings;
    private final Owner owner;

    private ListingHandlers(ListingService listings, Owner owner) {
        this.listings = listings;
        this.owner = owner;
    }

    static void register(Handlers handlers, ListingService listings, Owner owner) {
        ListingHandlers h = new ListingHandlers(listings, owner);
        handlers.register("ListObjectsV2", h::listV2);
        handlers.register("ListObjects", h::listV1);
        handlers.register("ListObjectVersions", h::listVersions);
    }

    /** The query every listing shares, and the members it echoes. */
    static ListQuery query(S3Call call, String maxMember, ObjectNode output) {
        call.input().optString("EncodingType").filter(type -> !type.equals("url")).ifPresent(type -> {
            throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request");
        });
        ListQuery query = ListQuery.of(call.input().optString("Prefix"), call.input().optString("Delimiter"),
                call.input().optInt(maxMember));
        output.put("Prefix", query.prefix());
        query.delimiter().ifPresent(d -> output.put("Delimiter", d));
        output.put(maxMember, call.input().optInt(maxMember).map(max -> Math.min(max, ListQuery.MAX_KEYS))
                .orElse(ListQuery.MAX_KEYS));
        return query;
    }

    static void commonPrefixes(ObjectNode output, List<String> prefixes) {
        if (!prefixes.isEmpty()) {
            ArrayNode list = output.putArray("CommonPrefixes");
            prefixes.forEach(prefix -> list.addObject().put("Prefix", prefix));
        }
    }

    private S3Result listV2(S3Call call) {
        ObjectNode output = Members.output().put("Name", Members.bucket(call));
        ListQuery query = query(call, "MaxKeys", output);
        var continuation = call.input().optString("ContinuationToken");
        var startAfter = call.input().optString("StartAfter");
        ObjectListing page = listings.listObjectsV2(Members.bucket(call), query, continuation, startAfter);
        contents(output, page.objects(), call.input().bool("FetchOwner"));
        commonPrefixes(output, page.commonPrefixes());
        output.put("KeyCount", page.keyCount()).put("IsTruncated", page.truncated());
        continuation.ifPresent(token -> output.put("ContinuationToken", token));
        page.nextContinuationToken().ifPresent(token -> output.put("NextContinuationToken", token));
        startAfter.ifPresent(after -> output.put("StartAfter", after));
        return S3Result.of(output);
    }

    private S3Result listV1(S3Call call) {
        ObjectNode output = Members.output().put("Name", Members.bucket(call));
        ListQuery query = query(call, "MaxKeys", output);
        var marker = call.input().optString("Marker");
        ObjectListing page = listings.listObjects(Members.bucket(call), query, marker);
        output.put("Marker", marker.orElse("")).put("IsTruncated", page.truncated());
        // S3 gives NextMarker only with a delimiter; clients then take the last key, which is the same
        page.nextMarker().ifPresent(next -> output.put("NextMarker", next));
        contents(output, page.objects(), true);
        commonPrefixes(output, page.commonPrefixes());
        return S3Result.of(output);
    }

    private void contents(ObjectNode output, List<ObjectVersion> objects, boolean withOwner) {
        if (objects.isEmpty()) {
            return;
        }
        ArrayNode contents = output.putArray("Contents");
        for (ObjectVersion object : objects) {
            ObjectNode entry = contents.addObject().put("Key", object.key().value());
            entry.set("LastModified", Members.time(object.lastModified()));
            entry.put("ETag", object.body().etag().value()).put("Size", object.size())
                    .put("StorageClass", Members.STORAGE_CLASS);
            if (withOwner) {
                entry.set("Owner", owner.node());
            }
        }
    }

    private S3Result listVersions(S3Call call) {
        ObjectNode output = Members.output().put("Name", Members.bucket(call));
        ListQuery query = query(call, "MaxKeys", output);
        var keyMarker = call.input().optString("KeyMarker");
        var versionIdMarker = call.input().optString("VersionIdMarker");
        VersionListing page = listings.listVersions(Members.bucket(call), query, keyMarker, versionIdMarker);
        output.put("KeyMarker", keyMarker.orElse("")).put("VersionIdMarker", versionIdMarker.orElse(""))
                .put("IsTruncated", page.truncated());
        page.nextKeyMarker().ifPresent(next -> output.put("NextKeyMarker", next));
        page.nextVersionIdMarker().ifPresent(next -> output.put("NextVersionIdMarker", next.value()));
        ArrayNode versions = output.putArray("Versions");
        ArrayNode markers = output.putArray("DeleteMarkers");
        for (ObjectVersion version : page.versions()) {
            ObjectNode entry = version.deleteMarker() ? markers.addObject() : versions.addObject();
            entry.put("Key", version.key().value()).put("VersionId", version.versionId().value())
                    .put("IsLatest", version.latest());
            entry.set("LastModified", Members.time(version.lastModified()));
            if (!version.deleteMarker()) {
                entry.put("ETag", version.body().etag().value()).put("Size", version.size())
                        .put("StorageClass", Members.STORAGE_CLASS);
            }
            entry.set("Owner", owner.node());
        }
        commonPrefixes(output, page.commonPrefixes());
        return S3Result.of(output);
    }
}
