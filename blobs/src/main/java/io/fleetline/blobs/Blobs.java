package io.fleetline.blobs;

import io.fleetline.blobs.bucket.BucketService;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.blobs.listing.ListingService;
import io.fleetline.blobs.multipart.MultipartService;
import io.fleetline.blobs.object.CopyService;
import io.fleetline.blobs.object.ObjectService;
import io.fleetline.core.arn.AccountScope;
import java.time.Clock;

/**
 * The object store of one account: its services over the account's metadata store and content store, wired
 * together. The content store must be the account's own (not shared with another account's metadata store): the
 * sweep asks only this account's metadata what is still referenced.
 */
public record Blobs(BucketService buckets, ObjectService objects, CopyService copies, ListingService listings,
                    MultipartService uploads, ContentSweeper sweeper) {

    /**
     * Wires the services, and first sweeps what a crash may have left in the content store (temporary files, bytes
     * whose metadata never committed). Open it once per account and content store, before serving.
     */
    public static Blobs open(BlobMetadataStore store, ContentStore contents, AccountScope scope, Clock clock) {
        ContentSweeper sweeper = new ContentSweeper(store, contents);
        sweeper.sweepAll();
        return new Blobs(new BucketService(store, sweeper, scope, clock),
                new ObjectService(store, contents, sweeper, clock), new CopyService(store, contents, sweeper, clock),
                new ListingService(store), new MultipartService(store, contents, sweeper, clock), sweeper);
    }

    /** The object interface jobs and others read documents through, over these services. */
    public BlobStore asBlobStore() {
        return new EmbeddedBlobStore(this);
    }
}
