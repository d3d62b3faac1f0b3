package io.fleetline.blobs;

import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.listing.ObjectListing;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BlobStore} over the embedded store's services: the bytes in the data dir, the metadata in the database. */
final class EmbeddedBlobStore implements BlobStore {
    private final Blobs blobs;

    EmbeddedBlobStore(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public void createBucket(BucketName bucket) {
        try {
            blobs.buckets().create(bucket.value(), Optional.empty());
        } catch (FleetlineException e) {
            if (e.code() != ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU) {
                throw e;
            }
        }
    }

    @Override
    public void deleteBucket(BucketName bucket) {
        blobs.buckets().delete(bucket.value());
    }

    @Override
    public List<BucketName> listBuckets() {
        return blobs.buckets().list().stream().map(Bucket::name).toList();
    }

    @Override
    public BlobInfo put(BucketName bucket, ObjectKey key, InputStream body, long length, Optional<String> contentType,
                        Map<String, String> metadata) {
        ObjectUpload upload = new ObjectUpload(body, length, ObjectAttributes.of(contentType, metadata),
                ExpectedDigests.NONE);
        return info(blobs.objects().put(bucket.value(), key.value(), upload).version());
    }

    @Override
    public Blob get(BucketName bucket, ObjectKey key, Optional<RangeRequest> range) {
        ObjectRead read = blobs.objects().get(bucket.value(), key.value(),
                new ReadOptions(Optional.empty(), range, Conditions.NONE));
        return new Blob(info(read.version()), read.range(), new ClosingStream(read));
    }

    @Override
    public Optional<BlobInfo> head(BucketName bucket, ObjectKey key) {
        try {
            return Optional.of(info(blobs.objects().head(bucket.value(), key.value(), ReadOptions.LATEST).version()));
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.NO_SUCH_KEY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void delete(BucketName bucket, ObjectKey key) {
        blobs.objects().delete(bucket.value(), key.value(), Optional.empty());
    }

    @Override
    public BlobPage list(BucketName bucket, String prefix, Optional<String> delimiter, Optional<String> token,
                         int maxKeys) {
        if (maxKeys < 1 || maxKeys > ListQuery.MAX_KEYS) {
            throw new IllegalArgumentException("maxKeys must be 1 to 1000: " + maxKeys);
        }
        ObjectListing listing = blobs.listings().listObjectsV2(bucket.value(), new ListQuery(prefix, delimiter,
                maxKeys), token, Optional.empty());
        List<BlobSummary> objects = listing.objects().stream().map(version -> new BlobSummary(version.key(),
                version.size(), version.body().etag().value(), version.lastModified())).toList();
        return new BlobPage(objects, listing.commonPrefixes(), listing.nextContinuationToken());
    }

    private static BlobInfo info(ObjectVersion version) {
        ObjectData data = version.body();
        return new BlobInfo(version.key(), data.size(), data.etag().value(), version.lastModified(),
                data.attributes().contentType(), data.attributes().userMetadata());
    }

    /** The range's bytes; closing the stream closes the read (and its file). */
    private static final class ClosingStream extends FilterInputStream {
        private final ObjectRead read;

        ClosingStream(ObjectRead read) {
            super(read.stream());
            this.read = read;
        }

        @Override
        public void close() {
            read.close();
        }
    }
}
