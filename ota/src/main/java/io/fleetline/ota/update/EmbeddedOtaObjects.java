package io.fleetline.ota.update;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.FleetlineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** {@link OtaObjects} over the embedded store's object service, which knows versions. */
final class EmbeddedOtaObjects implements OtaObjects {
    private final Blobs blobs;

    EmbeddedOtaObjects(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public Lookup find(String bucket, String key, Optional<String> versionId) {
        String where = "s3://" + bucket + "/" + key + versionId.map(v -> " version " + v).orElse("");
        try {
            ReadOptions options = versionId.map(v -> ReadOptions.version(VersionId.of(v))).orElse(ReadOptions.LATEST);
            ObjectHead head = blobs.objects().head(bucket, key, options);
            return new Found(new S3File(bucket, key, head.version().versionId().value()), head.version().size());
        } catch (FleetlineException e) {
            return new Missing(switch (e.code()) {
                case NO_SUCH_BUCKET -> "bucket " + bucket + " does not exist";
                case NO_SUCH_KEY -> "object " + where + " does not exist";
                case NO_SUCH_VERSION, INVALID_ARGUMENT -> "version " + versionId.orElse("") + " of s3://" + bucket
                        + "/" + key + " does not exist";
                case METHOD_NOT_ALLOWED -> where + " is a delete marker, not an object";
                default -> "object " + where + " cannot be read: " + e.getMessage();
            });
        }
    }

    @Override
    public InputStream open(S3File file) {
        ObjectRead read = blobs.objects().get(file.bucket(), file.key(), ReadOptions.version(VersionId.of(file.versionId())));
        return new FilterInputStream(read.stream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    read.close();
                }
            }
        };
    }
}
