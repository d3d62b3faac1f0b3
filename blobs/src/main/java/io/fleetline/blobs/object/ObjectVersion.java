package io.fleetline.blobs.object;

import java.time.Instant;
import java.util.Optional;

/**
 * One version of an object, or a delete marker (a version without {@link #data()}).
 *
 * @param versionId {@link VersionId#NULL} for the version of an unversioned or suspended bucket
 * @param sequence  orders the versions of one key: the latest has the highest; listings show them newest first
 * @param latest    this is the key's current version (kept by the store: the one with the highest sequence)
 */
public record ObjectVersion(ObjectKey key, VersionId versionId, long sequence, boolean latest, Instant lastModified,
                            Optional<ObjectData> data) {
    public ObjectVersion {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequences start at 1: " + sequence);
        }
    }

    public static ObjectVersion object(ObjectKey key, VersionId versionId, long sequence, Instant lastModified,
                                       ObjectData data) {
        return new ObjectVersion(key, versionId, sequence, true, lastModified, Optional.of(data));
    }

    public static ObjectVersion deleteMarker(ObjectKey key, VersionId versionId, long sequence, Instant lastModified) {
        return new ObjectVersion(key, versionId, sequence, true, lastModified, Optional.empty());
    }

    public boolean deleteMarker() {
        return data.isEmpty();
    }

    /** The object's data; only for a version known not to be a delete marker. */
    public ObjectData body() {
        return data.orElseThrow(() -> new IllegalStateException(key + " " + versionId + " is a delete marker"));
    }

    public long size() {
        return data.map(ObjectData::size).orElse(0L);
    }
}
