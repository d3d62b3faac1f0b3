package io.fleetline.jobs.document;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.core.error.FleetlineException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link JobObjectStore} over the blobs module's ports. */
record BlobJobObjectStore(BlobStore store, DownloadUrls downloads, Predicate<URI> ownEndpoint)
        implements JobObjectStore {
    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean isOwnEndpoint(URI url) {
        return ownEndpoint.test(url);
    }

    @Override
    public byte[] read(S3ObjectUrl object, int maxBytes) {
        if (object.versionId().isPresent()) {
            throw FleetlineException.invalid("A job document is read from the current version of its object; the URL"
                    + " names version " + object.versionId().get());
        }
        try (Blob blob = store.get(object.bucket(), object.key(), Optional.empty())) {
            if (blob.length() > maxBytes) {
                throw FleetlineException.invalid("The object is " + blob.length() + " bytes long; a job document has at"
                        + " most " + maxBytes);
            }
            return blob.readAll();
        }
    }

    @Override
    public Optional<URI> presignGet(S3ObjectUrl object, Duration expiry) {
        return Optional.of(downloads.presignGet(object.bucket(), object.key(), object.versionId(), expiry));
    }
}
