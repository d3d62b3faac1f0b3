package io.fleetline.blobs.object;

import java.util.Optional;

/** What a GetObject or HeadObject asks for besides the key: a version, a range, conditions. */
public record ReadOptions(Optional<VersionId> versionId, Optional<RangeRequest> range, Conditions conditions) {
    public static final ReadOptions LATEST = new ReadOptions(Optional.empty(), Optional.empty(), Conditions.NONE);

    public static ReadOptions version(VersionId versionId) {
        return new ReadOptions(Optional.of(versionId), Optional.empty(), Conditions.NONE);
    }

    public static ReadOptions range(RangeRequest range) {
        return new ReadOptions(Optional.empty(), Optional.of(range), Conditions.NONE);
    }
}
