package io.fleetline.ota.signing;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.object.CopyOptions;
import io.fleetline.blobs.object.CopySource;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.FleetlineException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SigningObjects} over an account's embedded object store. The signed object is a copy of the source version
 * (the store shares the bytes, nothing is copied), so it holds exactly the bytes that were signed, whatever happens to
 * the source key afterwards.
 */
public final class BlobSigningObjects implements SigningObjects {
    private final Blobs blobs;

    public BlobSigningObjects(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public Image open(SourceObject source) {
        VersionId version = versionOf(source);
        try {
            if (blobs.buckets().versioning(source.bucket()) != VersioningStatus.ENABLED) {
                throw new ImageUnavailable("The source bucket " + source.bucket() + " does not have versioning "
                        + "enabled; AWS Signer signs objects of versioned buckets only");
            }
            ObjectRead read = blobs.objects().get(source.bucket(), source.key(), ReadOptions.version(version));
            return new OpenImage(read);
        } catch (FleetlineException e) {
            throw new ImageUnavailable(reason(e, source));
        }
    }

    @Override
    public Optional<String> storeSigned(SourceObject source, String bucket, String key, Map<String, String> metadata) {
        try {
            ObjectAttributes attributes = ObjectAttributes.of(Optional.of(contentType(source)), metadata);
            ObjectWrite written = blobs.copies().copy(new CopySource(source.bucket(), source.key(),
                    Optional.of(versionOf(source))), bucket, key, CopyOptions.replace(attributes)).write();
            return written.reportedVersionId().map(VersionId::value);
        } catch (FleetlineException e) {
            throw new ImageUnavailable(switch (e.code()) {
                case NO_SUCH_BUCKET -> "The destination bucket " + bucket + " does not exist";
                case INVALID_BUCKET_NAME -> "The destination bucket name " + bucket + " is not valid";
                case KEY_TOO_LONG -> "The signed object's key " + key + " is too long";
                default -> "The signed object could not be written to s3://" + bucket + "/" + key + ": "
                        + e.getMessage();
            });
        }
    }

    private String contentType(SourceObject source) {
        return blobs.objects().head(source.bucket(), source.key(), ReadOptions.version(versionOf(source))).version()
                .body().attributes().contentType();
    }

    private static VersionId versionOf(SourceObject source) {
        try {
            return VersionId.of(source.version());
        } catch (FleetlineException e) {
            throw new ImageUnavailable("The source version " + source.version() + " of s3://" + source.bucket() + "/"
                    + source.key() + " is not a version id");
        }
    }

    private static String reason(FleetlineException e, SourceObject source) {
        return switch (e.code()) {
            case NO_SUCH_BUCKET, INVALID_BUCKET_NAME -> "The source bucket " + source.bucket() + " does not exist";
            case NO_SUCH_KEY, NO_SUCH_VERSION, KEY_TOO_LONG -> "The source object " + source + " does not exist";
            case METHOD_NOT_ALLOWED -> "The source version " + source.version() + " of s3://" + source.bucket() + "/"
                    + source.key() + " is a delete marker";
            default -> "The source object " + source + " could not be read: " + e.getMessage();
        };
    }

    /** A version being read; closing it closes its file. */
    private record OpenImage(ObjectRead read) implements Image {
        @Override
        public long size() {
            return read.length();
        }

        @Override
        public InputStream stream() {
            return read.stream();
        }

        @Override
        public void close() {
            read.close();
        }
    }
}
