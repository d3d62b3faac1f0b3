package io.fleetline.s3store;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobInfo;
import io.fleetline.blobs.BlobPage;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.BlobSummary;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ByteRange;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.core.error.FleetlineException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@link BlobStore} on an external S3-compatible store, where {@link Layout} puts Fleetline's buckets. Bytes stream
 * both ways: a put hands the caller's stream to the request as it is read, a get hands the response's stream to the
 * caller (closing it early ends the connection instead of reading the rest).
 */
final class S3BlobStore implements BlobStore {
    /** S3's largest single PUT; larger objects need a multipart upload, which this interface does not offer. */
    static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final int MAX_KEYS = 1000;
    private static final int RESEND_BUFFER = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final S3Client s3;
    private final Layout layout;
    private final Clock clock;

    S3BlobStore(S3Client s3, Layout layout, Clock clock) {
        this.s3 = s3;
        this.layout = layout;
        this.clock = clock;
    }

    @Override
    public void createBucket(BucketName bucket) {
        layout.create(bucket);
    }

    @Override
    public void deleteBucket(BucketName bucket) {
        layout.delete(bucket);
    }

    @Override
    public List<BucketName> listBuckets() {
        return layout.list();
    }

    @Override
    public BlobInfo put(BucketName bucket, ObjectKey key, InputStream body, long length, Optional<String> contentType,
                        Map<String, String> metadata) {
        if (length > MAX_PUT_SIZE) {
            throw BlobErrors.entityTooLarge(length, MAX_PUT_SIZE);
        }
        requireBucket(bucket);
        String type = contentType.filter(t -> !t.isEmpty()).orElse(DEFAULT_CONTENT_TYPE);
        Map<String, String> names = lowerCase(metadata);
        ExactBody exact = new ExactBody(body, length);
        // the SDK marks the body to send it again on a retry, keeping at most its first 128 KiB for it: a job
        // document is retried whole, a larger body fails with the error that called for the retry
        InputStream resendable = new BufferedInputStream(exact, RESEND_BUFFER);
        PutObjectResponse put;
        try {
            put = s3.putObject(r -> r.bucket(layout.storeBucket(bucket)).key(layout.storeKey(bucket, key))
                    .contentType(type).contentLength(length).metadata(names),
                    RequestBody.fromInputStream(resendable, length));
        } catch (FleetlineException e) {
            throw e;
        } catch (RuntimeException e) {
            // the request was cut off before its end: the store keeps nothing of it
            if (exact.refusal().isPresent()) {
                throw exact.refusal().get();
            }
            // a retry that could not send the body again fails outside the SDK's exceptions
            throw e instanceof SdkException sdk ? failure(sdk, bucket, key) : StoreErrors.unavailable(e);
        }
        // a put answers no modification time: the head says it, unless another put of the key came in between
        return head(bucket, key).filter(info -> info.etag().equals(put.eTag()))
                .orElseGet(() -> new BlobInfo(key, length, put.eTag(), clock.instant(), type, names));
    }

    @Override
    public Blob get(BucketName bucket, ObjectKey key, Optional<RangeRequest> range) {
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = s3.getObject(r -> r.bucket(layout.storeBucket(bucket)).key(layout.storeKey(bucket, key))
                    .range(range.map(S3BlobStore::rangeHeader).orElse(null)));
        } catch (SdkException e) {
            if ("InvalidRange".equals(StoreErrors.code(e).orElse(null)) && range.isPresent()) {
                throw unsatisfiable(bucket, key, range.get(), e);
            }
            throw failure(e, bucket, key);
        }
        GetObjectResponse object = response.response();
        Optional<ByteRange> served = range.isEmpty() ? Optional.empty() : contentRange(object.contentRange());
        long size = served.map(ByteRange::objectSize).orElse(object.contentLength());
        BlobInfo info = new BlobInfo(key, size, object.eTag(), object.lastModified(),
                orDefault(object.contentType()), lowerCase(object.metadata()));
        if (range.isPresent() && served.isEmpty()) {
            // a store that ignored the range sent the whole object: the range is cut out of it here
            ByteRange wanted;
            try {
                wanted = range.get().resolve(size);
            } catch (FleetlineException e) {
                response.abort();
                throw e;
            }
            return new Blob(info, Optional.of(wanted), ResponseBody.slice(response, wanted.first(), wanted.length()));
        }
        return new Blob(info, served, ResponseBody.of(response, served.map(ByteRange::length).orElse(size)));
    }

    @Override
    public Optional<BlobInfo> head(BucketName bucket, ObjectKey key) {
        try {
            HeadObjectResponse object = s3.headObject(r -> r.bucket(layout.storeBucket(bucket))
                    .key(layout.storeKey(bucket, key)));
            return Optional.of(new BlobInfo(key, object.contentLength(), object.eTag(), object.lastModified(),
                    orDefault(object.contentType()), lowerCase(object.metadata())));
        } catch (SdkException e) {
            // a HEAD's 404 has no body: no object, or no bucket
            if (StoreErrors.notFound(e)) {
                requireBucket(bucket, true);
                return Optional.empty();
            }
            throw failure(e, bucket, key);
        }
    }

    @Override
    public void delete(BucketName bucket, ObjectKey key) {
        requireBucket(bucket);
        try {
            s3.deleteObject(r -> r.bucket(layout.storeBucket(bucket)).key(layout.storeKey(bucket, key)));
        } catch (SdkException e) {
            throw failure(e, bucket, key);
        }
    }

    @Override
    public BlobPage list(BucketName bucket, String prefix, Optional<String> delimiter, Optional<String> token,
                         int maxKeys) {
        if (maxKeys < 1 || maxKeys > MAX_KEYS) {
            throw new IllegalArgumentException("maxKeys must be 1 to 1000: " + maxKeys);
        }
        String under = layout.keyPrefix(bucket);
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(layout.storeBucket(bucket))
                .prefix(under + prefix).delimiter(delimiter.orElse(null)).maxKeys(maxKeys);
        token.ifPresent(request::continuationToken);
        ListObjectsV2Response listed;
        try {
            listed = s3.listObjectsV2(request.build());
        } catch (SdkException e) {
            throw failure(e, bucket, prefix);
        }
        if (listed.contents().isEmpty() && listed.commonPrefixes().isEmpty()) {
            requireBucket(bucket);
        }
        List<BlobSummary> objects = listed.contents().stream()
                .map(object -> new BlobSummary(ObjectKey.of(object.key().substring(under.length())), object.size(),
                        object.eTag(), object.lastModified()))
                .toList();
        List<String> common = listed.commonPrefixes().stream().map(p -> p.prefix().substring(under.length())).toList();
        Optional<String> next = Boolean.TRUE.equals(listed.isTruncated())
                ? Optional.ofNullable(listed.nextContinuationToken()) : Optional.empty();
        return new BlobPage(objects, common, next);
    }

    /** Where the store does not say itself that a bucket is missing, asks it first. */
    private void requireBucket(BucketName bucket) {
        requireBucket(bucket, false);
    }

    private void requireBucket(BucketName bucket, boolean evenIfTheStoreKnows) {
        if ((evenIfTheStoreKnows || !layout.storeKnowsBuckets()) && !layout.exists(bucket)) {
            throw BlobErrors.noSuchBucket(bucket.value());
        }
    }

    /** The domain's error; a missing key of a Fleetline bucket that is not there is that bucket's error. */
    private FleetlineException failure(SdkException e, BucketName bucket, String key) {
        FleetlineException translated = StoreErrors.translate(e, bucket.value(), key,
                layout.missingStoreBucket(bucket));
        if ("NoSuchKey".equals(StoreErrors.code(e).orElse(null))) {
            requireBucket(bucket);
        }
        return translated;
    }

    private FleetlineException failure(SdkException e, BucketName bucket, ObjectKey key) {
        return failure(e, bucket, key.value());
    }

    /** The store's 416, worded as the embedded store words it (with the object's size), when the object is there. */
    private FleetlineException unsatisfiable(BucketName bucket, ObjectKey key, RangeRequest range, SdkException e) {
        Optional<BlobInfo> object = head(bucket, key);
        if (object.isEmpty()) {
            return BlobErrors.noSuchKey(key.value());
        }
        try {
            range.resolve(object.get().size());
        } catch (FleetlineException invalid) {
            return invalid;
        }
        return StoreErrors.unavailable(e);  // replaced in between by an object the range fits: try again
    }

    private static String rangeHeader(RangeRequest range) {
        if (range.suffix() >= 0) {
            return "bytes=-" + range.suffix();
        }
        return "bytes=" + range.first() + "-" + (range.last() >= 0 ? Long.toString(range.last()) : "");
    }

    private static Optional<ByteRange> contentRange(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3))));
    }

    private static String orDefault(String contentType) {
        return contentType == null || contentType.isEmpty() ? DEFAULT_CONTENT_TYPE : contentType;
    }

    private static Map<String, String> lowerCase(Map<String, String> metadata) {
        return metadata.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT),
                Map.Entry::getValue, (a, b) -> b));
    }
}
