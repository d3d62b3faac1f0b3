package io.fleetline.ota.streams;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.BlobInfo;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Stream files on a store seen through {@link BlobStore}, which reads current objects only: a file naming a version
 * is refused when the stream is created, and each block range is one ranged read whose ETag must still be the one
 * recorded.
 */
final class CurrentObjects implements StreamObjects {
    private final BlobStore store;

    CurrentObjects(BlobStore store) {
        this.store = store;
    }

    @Override
    public ObjectFacts head(FileSource source) {
        if (source.version().isPresent()) {
            throw FleetlineException.invalid("The object store is an external S3 store, whose objects Fleetline "
                    + "streams by their current version only: give the stream file " + source + " without a version");
        }
        try {
            BlobInfo info = store.head(BucketName.of(source.bucket()), ObjectKey.of(source.key()))
                    .orElseThrow(() -> FleetlineException.notFound("The stream file " + source + " does not exist"));
            return new ObjectFacts(info.size(), info.etag());
        } catch (FleetlineException e) {
            throw ObjectErrors.translate(e, source);
        }
    }

    @Override
    public OpenObject open(FileSource source, String expectedEtag) {
        return new OpenObject() {
            @Override
            public byte[] read(long position, int length) {
                RangeRequest range = RangeRequest.parse("bytes=" + position + "-" + (position + length - 1))
                        .orElseThrow();
                try (Blob blob = store.get(BucketName.of(source.bucket()), ObjectKey.of(source.key()),
                        Optional.of(range))) {
                    if (!blob.info().etag().equals(expectedEtag)) {
                        throw ObjectErrors.changed(source);
                    }
                    byte[] bytes = blob.stream().readNBytes(length);
                    if (bytes.length != length) {
                        throw new IOException("the object ended " + (length - bytes.length) + " bytes early");
                    }
                    return bytes;
                } catch (FleetlineException e) {
                    // a range past the end: the object is shorter than the one recorded
                    throw e.code() == ErrorCode.INVALID_RANGE ? ObjectErrors.changed(source)
                            : ObjectErrors.translate(e, source);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read a stream file", e);
                }
            }

            @Override
            public void close() {
                // nothing stays open between ranges
            }
        };
    }
}
