package io.fleetline.jobs.document;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.DownloadUrls;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The account's object store as jobs use it: documents read from it when a job is created, download URLs presigned
 * on it for devices. Embedded or external, it is the same {@link BlobStore} and {@link DownloadUrls}.
 */
public interface JobObjectStore {
    /**
     * No object store: {@code documentSource} and presigned-URL placeholders are refused at creation, and documents
     * created before (with placeholders) go to devices as they were stored.
     */
    JobObjectStore NONE = new JobObjectStore() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public boolean isOwnEndpoint(URI url) {
            return false;
        }

        @Override
        public byte[] read(S3ObjectUrl object, int maxBytes) {
            throw new IllegalStateException("no object store");
        }

        @Override
        public Optional<URI> presignGet(S3ObjectUrl object, Duration expiry) {
            return Optional.empty();
        }
    };

    /**
     * The store over {@code store} and {@code downloads}; {@code ownEndpoint} says which URLs (by scheme, host and
     * port) address this store path-style, as Fleetline's own endpoint does.
     */
    static JobObjectStore over(BlobStore store, DownloadUrls downloads, Predicate<URI> ownEndpoint) {
        return new BlobJobObjectStore(store, downloads, ownEndpoint);
    }

    /** Whether there is a store at all. */
    boolean available();

    /** Whether path-style URLs with this scheme, host and port name objects of this store. */
    boolean isOwnEndpoint(URI url);

    /**
     * The current object's bytes, when it has at most {@code maxBytes}; a larger one is {@code InvalidRequestException}.
     * A missing bucket or key is the store's error ({@code NoSuchBucket}, {@code NoSuchKey}).
     */
    byte[] read(S3ObjectUrl object, int maxBytes);

    /** A URL that downloads the object without other credentials until {@code expiry} from now; empty without a store. */
    Optional<URI> presignGet(S3ObjectUrl object, Duration expiry);
}
