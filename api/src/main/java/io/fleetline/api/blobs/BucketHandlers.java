package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Result;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketService;
import io.fleetline.blobs.bucket.VersioningStatus;
import java.util.List;
import java.util.Optional;

/**
 * CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation, Put/GetBucketVersioning.
 */
final class BucketHandlers {
    /** S3 writes its first region as no location constraint at all. */
    private static final String US_EAST_1 = "us-east-1";
    private static final int MAX_BUCKETS = 10_000;

    private final BucketService buckets;
    private final Owner owner;

    private BucketHandlers(BucketService buckets, Owner owner) {
        this.buckets = buckets;
        this.owner = owner;
    }

    static void register(Handlers handlers, BucketService buckets, Owner owner) {
        BucketHandlers h = new BucketHandlers(buckets, owner);
        handlers.register("CreateBucket", h::create);
        handlers.register("DeleteBucket", h::delete);
        handlers.register("HeadBucket", h::head);
        handlers.register("ListBuckets", h::list);
        handlers.register("GetBucketLocation", h::location);
        handlers.register("PutBucketVersioning", h::putVersioning);
        handlers.register("GetBucketVersioning", h::getVersioning);
    }

    private S3Result create(S3Call call) {
        if (call.input().bool("ObjectLockEnabledForBucket")) {
            throw Members.notImplemented("object lock");
        }
        Optional<String> constraint = call.input().object("CreateBucketConfiguration")
                .map(config -> config.path("LocationConstraint"))
                .filter(JsonNode::isTextual).map(JsonNode::textValue);
        Bucket bucket = buckets.create(Members.bucket(call), constraint);
        return S3Result.of(Members.output().put("Location", "/" + bucket.name().value()));
    }

    private S3Result delete(S3Call call) {
        buckets.delete(Members.bucket(call));
        return S3Result.empty();
    }

    private S3Result head(S3Call call) {
        Bucket bucket = buckets.head(Members.bucket(call));
        return S3Result.of(Members.output().put("BucketRegion", bucket.region()));
    }

    /**
     * The account's buckets by name, after {@code continuation-token} (the last name of the page before), those
     * starting with {@code prefix} and in {@code bucket-region}, at most {@code max-buckets} (1 to 10,000).
     */
    private S3Result list(S3Call call) {
        Optional<String> prefix = call.input().optString("Prefix");
        Optional<String> region = call.input().optString("BucketRegion");
        Optional<String> after = call.input().optString("ContinuationToken").filter(token -> !token.isEmpty());
        Optional<Integer> max = call.input().optInt("MaxBuckets");
        if (max.isPresent() && (max.get() < 1 || max.get() > MAX_BUCKETS)) {
            throw S3Exception.invalidArgument("Argument max-buckets must be an integer between 1 and " + MAX_BUCKETS);
        }
        List<Bucket> matching = buckets.list().stream()
                .filter(b -> prefix.map(p -> b.name().value().startsWith(p)).orElse(true))
                .filter(b -> region.map(r -> b.region().equals(r)).orElse(true))
                .filter(b -> after.map(a -> b.name().value().compareTo(a) > 0).orElse(true))
                .toList();
        int limit = max.orElse(MAX_BUCKETS);
        List<Bucket> page = matching.size() > limit ? matching.subList(0, limit) : matching;
        ObjectNode output = Members.output();
        ArrayNode list = output.putArray("Buckets");
        for (Bucket bucket : page) {
            list.addObject().put("Name", bucket.name().value())
                    .<ObjectNode>set("CreationDate", Members.time(bucket.created()))
                    .put("BucketRegion", bucket.region());
        }
        output.set("Owner", owner.node());
        prefix.ifPresent(p -> output.put("Prefix", p));
        if (page.size() < matching.size()) {
            output.put("ContinuationToken", page.get(page.size() - 1).name().value());
        }
        return S3Result.of(output);
    }

    private S3Result location(S3Call call) {
        String region = buckets.location(Members.bucket(call));
        return S3Result.of(Members.output().put("LocationConstraint", region.equals(US_EAST_1) ? "" : region));
    }

    private S3Result putVersioning(S3Call call) {
        JsonNode config = call.input().object("VersioningConfiguration").orElseThrow(S3Exception::malformedXml);
        if ("Enabled".equals(config.path("MFADelete").asText(null))) {
            throw new S3Exception("InvalidArgument", "MFA delete is not supported by this server.");
        }
        JsonNode status = config.path("Status");
        if (status.isMissingNode() || status.isNull()) {
            buckets.head(Members.bucket(call));  // S3 takes a configuration without a status and changes nothing
            return S3Result.empty();
        }
        buckets.putVersioning(Members.bucket(call), VersioningStatus.requested(status.asText()));
        return S3Result.empty();
    }

    private S3Result getVersioning(S3Call call) {
        VersioningStatus status = buckets.versioning(Members.bucket(call));
        ObjectNode output = Members.output();
        status.s3Name().ifPresent(name -> output.put("Status", name).put("MFADelete", "Disabled"));
        return S3Result.of(output);
    }
}
