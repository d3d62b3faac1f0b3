package io.fleetline.blobs.multipart;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.Change;
import io.fleetline.blobs.ContentSweeper;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.ContentCheck;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.content.ContentReader;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.blobs.content.StoredContent;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.CopyService;
import io.fleetline.blobs.object.CopySource;
import io.fleetline.blobs.object.ETag;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectService;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.RangeRequest;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The multipart operations: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts and ListMultipartUploads. A part's bytes are durable before the transaction that
 * records the part commits, exactly as an object's; a part uploaded again under its number replaces the earlier one.
 */
public final class MultipartService {
    private static final int OPEN_ATTEMPTS = 3;

    private final BlobMetadataStore store;
    private final ContentStore contents;
    private final ContentSweeper sweeper;
    private final Clock clock;
    private final Completion completion;
    private final UploadLists lists;

    public MultipartService(BlobMetadataStore store, ContentStore contents, ContentSweeper sweeper, Clock clock) {
        this.store = store;
        this.contents = contents;
        this.sweeper = sweeper;
        this.clock = clock;
        this.completion = new Completion(store, contents, sweeper, clock);
        this.lists = new UploadLists(store);
    }

    /** Starts an upload of {@code key}; the attributes are those of the object it will make. */
    public MultipartUpload create(String bucketName, String keyName, ObjectAttributes attributes) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        return store.transact(tx -> {
            BlobLookups.bucket(tx, bucket);
            MultipartUpload upload = new MultipartUpload(MultipartUpload.newId(clock.instant()), bucket, key,
                    clock.instant(), attributes);
            tx.insertUpload(upload);
            return upload;
        });
    }

    /**
     * Stores part {@code partNumber} (1 to 10,000, else {@code InvalidArgument}) of an upload in progress
     * ({@code NoSuchUpload} before a byte is read), with the checks of a put ({@code EntityTooLarge} past 5 GiB,
     * {@code IncompleteBody}, {@code BadDigest}). Its ETag is the quoted MD5 of its bytes.
     */
    public Part uploadPart(String bucketName, String keyName, String uploadId, int partNumber, InputStream body,
                           long length, ExpectedDigests digests) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        Part.requireNumber(partNumber);
        if (length > ObjectService.MAX_PUT_SIZE) {
            throw BlobErrors.entityTooLarge(length, ObjectService.MAX_PUT_SIZE);
        }
        store.read(tx -> BlobLookups.upload(tx, bucket, key, uploadId));
        return record(bucket, key, uploadId, partNumber, contents.write(body, digests.check(length)));
    }

    /**
     * Makes part {@code partNumber} from a range of another object (all of it without a range): the source is read as
     * CopyObject reads it, with its {@code x-amz-copy-source-if-*} conditions; the range must lie within it
     * ({@code InvalidArgument}).
     */
    public PartCopy uploadPartCopy(String bucketName, String keyName, String uploadId, int partNumber,
                                   CopySource source, Optional<RangeRequest> range, Conditions conditions) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        Part.requireNumber(partNumber);
        store.read(tx -> BlobLookups.upload(tx, bucket, key, uploadId));
        for (int attempt = 1; ; attempt++) {
            ObjectVersion read = store.read(tx -> CopyService.sourceVersion(tx, source));
            conditions.checkCopySource(read.body().etag(), read.lastModified());
            long offset = range.map(r -> r.resolveCopySource(read.size()).first()).orElse(0L);
            long length = range.map(r -> r.resolveCopySource(read.size()).length()).orElse(read.size());
            if (length > ObjectService.MAX_PUT_SIZE) {
                throw BlobErrors.entityTooLarge(length, ObjectService.MAX_PUT_SIZE);
            }
            Optional<ContentReader> reader = contents.open(read.body().content());
            if (reader.isPresent()) {
                StoredContent stored;
                try (ContentReader open = reader.get()) {
                    stored = contents.write(open.stream(offset, length), ContentCheck.NONE);
                }
                return new PartCopy(record(bucket, key, uploadId, partNumber, stored), read);
            }
            if (attempt == OPEN_ATTEMPTS) {
                throw new IllegalStateException("the content of copy source " + source + " is missing");
            }
        }
    }

    private Part record(BucketName bucket, ObjectKey key, String uploadId, int partNumber, StoredContent stored) {
        Part part = new Part(partNumber, stored.content().size(), ETag.ofMd5Hex(stored.content().md5Hex()),
                stored.content().id(), clock.instant());
        return sweeper.commitReferencing(stored, tx -> {
            BlobLookups.upload(tx, bucket, key, uploadId);
            List<ContentId> replaced = tx.findPart(uploadId, partNumber).map(old -> List.of(old.content()))
                    .orElse(List.of());
            tx.putPart(uploadId, part);
            return new Change<>(part, replaced);
        });
    }

    /** See {@link Completion#complete}. */
    public ObjectWrite complete(String bucketName, String keyName, String uploadId, List<CompletedPart> parts) {
        return completion.complete(BucketName.of(bucketName), ObjectKey.of(keyName), uploadId, parts);
    }

    /** Ends an upload and drops its parts. An upload that is gone (completed, aborted) is {@code NoSuchUpload}. */
    public void abort(String bucketName, String keyName, String uploadId) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        sweeper.commit(tx -> {
            BlobLookups.upload(tx, bucket, key, uploadId);
            List<ContentId> parts = tx.listParts(uploadId, 0, Part.MAX_NUMBER).stream().map(Part::content).toList();
            tx.deleteUpload(uploadId);
            return new Change<>(null, parts);
        });
    }

    /** ListParts: the upload's parts numbered after {@code partNumberMarker}, at most {@code maxParts} (≤ 1,000). */
    public PartListing listParts(String bucketName, String keyName, String uploadId, int maxParts,
                                 int partNumberMarker) {
        return lists.parts(BucketName.of(bucketName), ObjectKey.of(keyName), uploadId, maxParts, partNumberMarker);
    }

    /** ListMultipartUploads, paged and rolled up by delimiter as listings are (see {@link UploadLists}). */
    public UploadListing listUploads(String bucketName, ListQuery query, Optional<String> keyMarker,
                                     Optional<String> uploadIdMarker) {
        return lists.uploads(BucketName.of(bucketName), query, keyMarker, uploadIdMarker);
    }
}
