package io.fleetline.api.blobs;

import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.blobs.Blobs;

/**
 * The S3 API of one account's object store: the handlers of every operation Fleetline serves, over that account's
 * {@link Blobs}. The operations left out answer S3's {@code NotImplemented} (the codec's doing).
 */
public final class BlobsApi {
    private BlobsApi() {
    }

    /**
     * @param s3    the S3 model the handlers are registered against (the one the router and endpoint use)
     * @param blobs the account's object store; its account is the owner listings name
     */
    public static S3Handlers handlers(ServiceModel s3, Blobs blobs) {
        S3Handlers served = new S3Handlers(s3);
        Owner owner = new Owner(blobs.buckets().scope().accountId());
        Handlers handlers = new Handlers(served, owner);
        BucketHandlers.register(handlers, blobs.buckets(), owner);
        ObjectHandlers.register(handlers, blobs.objects(), blobs.copies(), blobs.buckets());
        ListingHandlers.register(handlers, blobs.listings(), owner);
        MultipartHandlers.register(handlers, blobs.uploads(), owner);
        return served;
    }
}
