package io.fleetline.ota.signing;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The object store as signing jobs use it: the source version to sign, read once, and the signed object to write. A
 * failure is an {@link ImageUnavailable} saying what is wrong in the words a job's {@code statusReason} shows.
 */
public interface SigningObjects {
    /** No object store to sign from (an external one, which Fleetline does not sign on): every job fails, saying so. */
    SigningObjects NONE = new SigningObjects() {
        @Override
        public Image open(SourceObject source) {
            throw new ImageUnavailable("Code signing reads images from Fleetline's embedded object store, and this "
                    + "server keeps objects on an external store (--blob-store); sign there and give the OTA update "
                    + "the signature (customCodeSigning)");
        }

        @Override
        public Optional<String> storeSigned(SourceObject source, String bucket, String key,
                                            Map<String, String> metadata) {
            throw new IllegalStateException("nothing was opened");
        }
    };

    /**
     * Opens the source version: its bucket must exist and have versioning enabled, the version must exist and not
     * be a delete marker.
     */
    Image open(SourceObject source);

    /**
     * Stores the signed object at {@code bucket}/{@code key}: the source's bytes, with {@code metadata} as its user
     * metadata. Answers its version id, if the bucket reports one.
     */
    Optional<String> storeSigned(SourceObject source, String bucket, String key, Map<String, String> metadata);

    /** An opened source version: its length and its bytes. Close it when read. */
    interface Image extends AutoCloseable {
        long size();

        InputStream stream();

        @Override
        void close();
    }

    /** Why an image cannot be read or its signed object written: the reason a failed job gives. */
    final class ImageUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ImageUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }
}
