package io.fleetline.blobs.listing;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * ListObjects, ListObjectsV2 and ListObjectVersions. Each page is read in one transaction (a consistent snapshot);
 * pages are keyset-paged by key, so objects written between pages neither shift nor repeat what was listed.
 */
public final class ListingService {
    private final BlobMetadataStore store;

    public ListingService(BlobMetadataStore store) {
        this.store = store;
    }

    /**
     * ListObjectsV2: the current objects after {@code startAfter}, or after where the page of
     * {@code continuationToken} ended (the token wins when both are given).
     */
    public ObjectListing listObjectsV2(String bucketName, ListQuery query, Optional<String> continuationToken,
                                       Optional<String> startAfter) {
        Optional<String> marker = continuationToken.isPresent()
                ? continuationToken.map(ContinuationToken::decode) : startAfter.filter(s -> !s.isEmpty());
        return list(bucketName, query, marker, true);
    }

    /** ListObjects (v1): the current objects after {@code marker}. */
    public ObjectListing listObjects(String bucketName, ListQuery query, Optional<String> marker) {
        return list(bucketName, query, marker.filter(m -> !m.isEmpty()), false);
    }

    private ObjectListing list(String bucketName, ListQuery query, Optional<String> marker, boolean v2) {
        BucketName bucket = BucketName.of(bucketName);
        Rollup.Page<ObjectVersion> page = store.read(tx -> {
            BlobLookups.bucket(tx, bucket);
            KeyBounds bounds = KeyBounds.prefix(query.prefix());
            if (marker.isPresent()) {
                bounds = bounds.startingAt(KeyBounds.after(utf8(marker.get())));
            }
            return Rollup.scan(new CurrentObjects(tx, bucket, bounds), query.prefix(), query.delimiter(), marker,
                    query.maxKeys());
        });
        Optional<String> next = page.truncated() ? page.last().map(ListingService::keyOf) : Optional.empty();
        return new ObjectListing(page.items(), page.commonPrefixes(), page.truncated(), next,
                v2 ? next.map(ContinuationToken::encode) : Optional.empty());
    }

    /**
     * ListObjectVersions: versions and delete markers after {@code keyMarker} (all of that key's versions), or, with
     * {@code versionIdMarker}, after that version of it ({@code InvalidArgument} without a key marker, or when the key
     * has no such version).
     */
    public VersionListing listVersions(String bucketName, ListQuery query, Optional<String> keyMarker,
                                       Optional<String> versionIdMarker) {
        BucketName bucket = BucketName.of(bucketName);
        Optional<String> marker = keyMarker.filter(k -> !k.isEmpty());
        Optional<VersionId> versionMarker = versionIdMarker.filter(v -> !v.isEmpty()).map(VersionId::of);
        if (versionMarker.isPresent() && marker.isEmpty()) {
            throw BlobErrors.invalidArgument("A version-id marker cannot be specified without a key marker.",
                    "version-id-marker", versionMarker.get().value());
        }
        Rollup.Page<ObjectVersion> page = store.read(tx -> {
            BlobLookups.bucket(tx, bucket);
            Versions source = Versions.startingAt(tx, bucket, query.prefix(), marker, versionMarker);
            return Rollup.scan(source, query.prefix(), query.delimiter(), marker, query.maxKeys());
        });
        Optional<Rollup.Entry<ObjectVersion>> last = page.truncated() ? page.last() : Optional.empty();
        return new VersionListing(page.items(), page.commonPrefixes(), page.truncated(),
                last.map(ListingService::keyOf),
                last.flatMap(entry -> entry instanceof Rollup.Entry.Item<ObjectVersion> item
                        ? Optional.of(item.value().versionId()) : Optional.empty()));
    }

    private static String keyOf(Rollup.Entry<ObjectVersion> entry) {
        return switch (entry) {
            case Rollup.Entry.Item<ObjectVersion> item -> item.value().key().value();
            case Rollup.Entry.Prefix<ObjectVersion> prefix -> prefix.prefix();
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The current objects of a bucket, from a key on. */
    private static final class CurrentObjects implements Rollup.Source<ObjectVersion> {
        private final BlobMetadataTx tx;
        private final BucketName bucket;
        private KeyBounds bounds;

        CurrentObjects(BlobMetadataTx tx, BucketName bucket, KeyBounds bounds) {
            this.tx = tx;
            this.bucket = bucket;
            this.bounds = bounds;
        }

        @Override
        public List<ObjectVersion> fetch(int limit) {
            return bounds.empty() ? List.of() : tx.listCurrent(bucket, bounds, limit);
        }

        @Override
        public ObjectKey keyOf(ObjectVersion item) {
            return item.key();
        }

        @Override
        public void after(ObjectVersion item) {
            bounds = bounds.startingAt(KeyBounds.after(item.key().utf8()));
        }

        @Override
        public void seek(byte[] bound) {
            bounds = bounds.startingAt(bound);
        }
    }

    /** All versions of a bucket, from a key (and a version of it) on. */
    private static final class Versions implements Rollup.Source<ObjectVersion> {
        private final BlobMetadataTx tx;
        private final BucketName bucket;
        private KeyBounds bounds;
        private long belowSequence;

        private Versions(BlobMetadataTx tx, BucketName bucket, KeyBounds bounds, long belowSequence) {
            this.tx = tx;
            this.bucket = bucket;
            this.bounds = bounds;
            this.belowSequence = belowSequence;
        }

        static Versions startingAt(BlobMetadataTx tx, BucketName bucket, String prefix, Optional<String> keyMarker,
                                   Optional<VersionId> versionMarker) {
            KeyBounds bounds = KeyBounds.prefix(prefix);
            if (keyMarker.isEmpty()) {
                return new Versions(tx, bucket, bounds, Long.MAX_VALUE);
            }
            if (versionMarker.isEmpty()) {
                return new Versions(tx, bucket, bounds.startingAt(KeyBounds.after(utf8(keyMarker.get()))),
                        Long.MAX_VALUE);
            }
            ObjectKey key = ObjectKey.of(keyMarker.get());
            ObjectVersion marked = tx.findVersion(bucket, key, versionMarker.get()).orElseThrow(() ->
                    BlobErrors.invalidArgument("Invalid version id specified", "version-id-marker",
                            versionMarker.get().value()));
            KeyBounds from = bounds.startingAt(key.utf8());
            long below = Arrays.equals(from.from(), key.utf8()) ? marked.sequence() : Long.MAX_VALUE;
            return new Versions(tx, bucket, from, below);
        }

        @Override
        public List<ObjectVersion> fetch(int limit) {
            return bounds.empty() ? List.of() : tx.listVersions(bucket, bounds, belowSequence, limit);
        }

        @Override
        public ObjectKey keyOf(ObjectVersion item) {
            return item.key();
        }

        @Override
        public void after(ObjectVersion item) {
            bounds = new KeyBounds(item.key().utf8(), bounds.to());
            belowSequence = item.sequence();
        }

        @Override
        public void seek(byte[] bound) {
            bounds = new KeyBounds(bound, bounds.to());
            belowSequence = Long.MAX_VALUE;
        }
    }
}
