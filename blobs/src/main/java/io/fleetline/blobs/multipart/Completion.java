package io.fleetline.blobs.multipart;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.Change;
import io.fleetline.blobs.ContentSweeper;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.Content;
import io.fleetline.blobs.content.ContentCheck;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.blobs.content.StoredContent;
import io.fleetline.blobs.object.ETag;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.VersionWriter;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CompleteMultipartUpload. The chosen parts' bytes are joined into one new content (written and synced like any
 * other), and then one transaction checks that the upload and those parts are still as they were, adds the version,
 * and drops the upload with all its parts. A crash before that commit leaves the upload and its parts as they were
 * (the joined bytes are swept); after it, the object is whole.
 */
final class Completion {
    /** S3's smallest part but the last: 5 MiB. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's largest object: 5 TiB. */
    static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 * 1024;

    private final BlobMetadataStore store;
    private final ContentStore contents;
    private final ContentSweeper sweeper;
    private final Clock clock;

    Completion(BlobMetadataStore store, ContentStore contents, ContentSweeper sweeper, Clock clock) {
        this.store = store;
        this.contents = contents;
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /**
     * Completes an upload from {@code chosen} parts: at least one ({@code MalformedXML}), in ascending order of number
     * ({@code InvalidPartOrder}), each uploaded with the ETag given ({@code InvalidPart}), each but the last at least
     * 5 MiB ({@code EntityTooSmall}). Parts not chosen are dropped. The object's ETag is S3's {@code "md5-N"}.
     */
    ObjectWrite complete(BucketName bucket, ObjectKey key, String uploadId, List<CompletedPart> chosen) {
        requireOrdered(chosen);
        List<Part> parts = store.read(tx -> {
            BlobLookups.upload(tx, bucket, key, uploadId);
            return chosenParts(tx, uploadId, chosen);
        });
        long size = requireSizes(parts);
        StoredContent joined;
        try (PartsStream stream = new PartsStream(contents, parts)) {
            joined = contents.write(stream, ContentCheck.withoutMd5(ExpectedDigests.NONE.check(size)));
        } catch (PartsStream.MissingPart gone) {
            // aborted or completed meanwhile, which the lookup says; a part missing otherwise is damage
            store.read(tx -> BlobLookups.upload(tx, bucket, key, uploadId));
            throw new IllegalStateException("part " + gone.getMessage() + " of upload " + uploadId + " is missing");
        }
        ETag etag = ETag.multipart(parts.stream().map(Part::etag).toList());
        return sweeper.commitReferencing(joined, tx -> install(tx, bucket, key, uploadId, chosen, parts,
                joined.content(), etag));
    }

    private Change<ObjectWrite> install(BlobMetadataTx tx, BucketName bucket, ObjectKey key, String uploadId,
                                        List<CompletedPart> chosen, List<Part> parts, Content joined, ETag etag) {
        MultipartUpload upload = BlobLookups.upload(tx, bucket, key, uploadId);
        if (!chosenParts(tx, uploadId, chosen).equals(parts)) {
            throw invalidPart(chosen.get(0));  // a part was uploaded again meanwhile
        }
        List<ContentId> released = new ArrayList<>();
        tx.listParts(uploadId, 0, Part.MAX_NUMBER).forEach(part -> released.add(part.content()));
        tx.deleteUpload(uploadId);
        Bucket target = BlobLookups.bucket(tx, bucket);
        ObjectData data = new ObjectData(joined.id(), joined.size(), etag, joined.sha256Hex(), upload.attributes());
        Change<ObjectVersion> change = VersionWriter.install(tx, target, key, data, clock.instant());
        released.addAll(change.released());
        return new Change<>(new ObjectWrite(change.result(), target.versioning()), released);
    }

    private static void requireOrdered(List<CompletedPart> chosen) {
        if (chosen.isEmpty()) {
            throw BlobErrors.malformedXml();
        }
        for (int i = 0; i < chosen.size(); i++) {
            Part.requireNumber(chosen.get(i).partNumber());
            if (i > 0 && chosen.get(i).partNumber() <= chosen.get(i - 1).partNumber()) {
                throw new FleetlineException(ErrorCode.INVALID_PART_ORDER, "The list of parts was not in ascending "
                        + "order. Parts must be ordered by part number.");
            }
        }
    }

    private static List<Part> chosenParts(BlobMetadataTx tx, String uploadId, List<CompletedPart> chosen) {
        List<Part> parts = new ArrayList<>(chosen.size());
        for (CompletedPart wanted : chosen) {
            Optional<Part> part = tx.findPart(uploadId, wanted.partNumber());
            if (part.isEmpty() || !part.get().etag().matchesAny(wanted.etag())) {
                throw invalidPart(wanted);
            }
            parts.add(part.get());
        }
        return parts;
    }

    private static long requireSizes(List<Part> parts) {
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (i < parts.size() - 1 && part.size() < MIN_PART_SIZE) {
                throw new FleetlineException(ErrorCode.ENTITY_TOO_SMALL,
                        "Your proposed upload is smaller than the minimum allowed object size.",
                        Map.of("ProposedSize", Long.toString(part.size()), "MinSizeAllowed",
                                Long.toString(MIN_PART_SIZE), "PartNumber", Integer.toString(part.number()),
                                "ETag", part.etag().value()));
            }
            total += part.size();
        }
        if (total > MAX_OBJECT_SIZE) {
            throw BlobErrors.entityTooLarge(total, MAX_OBJECT_SIZE);
        }
        return total;
    }

    private static FleetlineException invalidPart(CompletedPart part) {
        return new FleetlineException(ErrorCode.INVALID_PART, "One or more of the specified parts could not be found. "
                + " The part may not have been uploaded, or the specified entity tag may not match the part's entity "
                + "tag.", Map.of("PartNumber", Integer.toString(part.partNumber()),
                        "ETag", String.valueOf(part.etag())));
    }
}
