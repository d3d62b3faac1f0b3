package io.fleetline.ota.update;

import io.fleetline.blobs.Blobs;
import java.io.InputStream;
import java.util.Optional;

/**
 * The account's object store, as an OTA update reads it: which version of an object a file names (and its size), and
 * its bytes, streamed. {@link #embedded} is the one over Fleetline's own store.
 */
public interface OtaObjects {
    /** What a lookup found. */
    sealed interface Lookup {
    }

    /** The version found: {@code versionId} is {@code null} (the text) for an object of a bucket never versioned. */
    record Found(S3File file, long size) implements Lookup {
    }

    /** Nothing to be had: {@code reason} says what is missing (the bucket, the key, the version) in words. */
    record Missing(String reason) implements Lookup {
    }

    /** The version {@code versionId} of {@code bucket}/{@code key}, or its current version when none is named. */
    Lookup find(String bucket, String key, Optional<String> versionId);

    /** The bytes of a version {@link #find} found; the caller closes the stream. */
    InputStream open(S3File file);

    /** Over the account's embedded object store. */
    static OtaObjects embedded(Blobs blobs) {
        return new EmbeddedOtaObjects(blobs);
    }
}
