package io.fleetline.blobs.multipart;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.listing.Rollup;
import io.fleetline.blobs.object.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * ListParts and ListMultipartUploads. Uploads page like object listings (prefix, delimiter, {@code max-uploads}); the
 * {@code upload-id-marker} counts only with a {@code key-marker}: the uploads of that key after that id, then the
 * keys after it.
 */
final class UploadLists {
    private final BlobMetadataStore store;

    UploadLists(BlobMetadataStore store) {
        this.store = store;
    }

    PartListing parts(BucketName bucket, ObjectKey key, String uploadId, int maxParts, int partNumberMarker) {
        if (maxParts < 0 || partNumberMarker < 0) {
            throw BlobErrors.invalidArgument("max-parts and part-number-marker must not be negative",
                    maxParts < 0 ? "max-parts" : "part-number-marker",
                    Integer.toString(maxParts < 0 ? maxParts : partNumberMarker));
        }
        int limit = Math.min(maxParts, ListQuery.MAX_KEYS);
        return store.read(tx -> {
            MultipartUpload upload = BlobLookups.upload(tx, bucket, key, uploadId);
            List<Part> parts = limit == 0 ? List.of() : tx.listParts(uploadId, partNumberMarker, limit + 1);
            boolean truncated = parts.size() > limit;
            List<Part> page = truncated ? parts.subList(0, limit) : parts;
            return new PartListing(upload, page, truncated,
                    truncated ? Optional.of(page.get(page.size() - 1).number()) : Optional.empty());
        });
    }

    UploadListing uploads(BucketName bucket, ListQuery query, Optional<String> keyMarker,
                          Optional<String> uploadIdMarker) {
        Optional<String> marker = keyMarker.filter(k -> !k.isEmpty());
        Rollup.Page<MultipartUpload> page = store.read(tx -> {
            BlobLookups.bucket(tx, bucket);
            KeyBounds bounds = KeyBounds.prefix(query.prefix());
            Uploads source = new Uploads(tx, bucket, bounds, "");
            if (marker.isPresent()) {
                byte[] key = marker.get().getBytes(StandardCharsets.UTF_8);
                Optional<String> afterId = uploadIdMarker.filter(id -> !id.isEmpty());
                source = afterId.isPresent() && Arrays.equals(bounds.startingAt(key).from(), key)
                        ? new Uploads(tx, bucket, bounds.startingAt(key), afterId.get())
                        : new Uploads(tx, bucket, bounds.startingAt(KeyBounds.after(key)), "");
            }
            return Rollup.scan(source, query.prefix(), query.delimiter(), marker, query.maxKeys());
        });
        Optional<Rollup.Entry<MultipartUpload>> last = page.truncated() ? page.last() : Optional.empty();
        return new UploadListing(page.items(), page.commonPrefixes(), page.truncated(),
                last.map(entry -> switch (entry) {
                    case Rollup.Entry.Item<MultipartUpload> item -> item.value().key().value();
                    case Rollup.Entry.Prefix<MultipartUpload> prefix -> prefix.prefix();
                }),
                last.flatMap(entry -> entry instanceof Rollup.Entry.Item<MultipartUpload> item
                        ? Optional.of(item.value().uploadId()) : Optional.empty()));
    }

    /** The uploads of a bucket, from a key (and an upload id of it) on. */
    private static final class Uploads implements Rollup.Source<MultipartUpload> {
        private final BlobMetadataTx tx;
        private final BucketName bucket;
        private KeyBounds bounds;
        private String afterUploadId;

        Uploads(BlobMetadataTx tx, BucketName bucket, KeyBounds bounds, String afterUploadId) {
            this.tx = tx;
            this.bucket = bucket;
            this.bounds = bounds;
            this.afterUploadId = afterUploadId;
        }

        @Override
        public List<MultipartUpload> fetch(int limit) {
            return bounds.empty() ? List.of() : tx.listUploads(bucket, bounds, afterUploadId, limit);
        }

        @Override
        public ObjectKey keyOf(MultipartUpload item) {
            return item.key();
        }

        @Override
        public void after(MultipartUpload item) {
            bounds = new KeyBounds(item.key().utf8(), bounds.to());
            afterUploadId = item.uploadId();
        }

        @Override
        public void seek(byte[] bound) {
            bounds = new KeyBounds(bound, bounds.to());
            afterUploadId = "";
        }
    }
}
