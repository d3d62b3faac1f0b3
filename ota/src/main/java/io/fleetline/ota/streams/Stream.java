package io.fleetline.ota.streams;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stream: its files (ordered by id), description, role and version. The version starts at 1 and every update
 * adds one; a stream created again within 90 days of its deletion goes on from the deleted one's version, so that a
 * device holding the old version is told it changed.
 */
public record Stream(StreamId id, Optional<String> description, List<StreamFile> files, String roleArn, int version,
                     Instant createdAt, Instant lastUpdatedAt) {
    public Stream {
        files = files.stream().sorted(Comparator.comparingInt(StreamFile::fileId)).toList();
    }

    /** The file with this id. */
    public Optional<StreamFile> file(int fileId) {
        return files.stream().filter(file -> file.fileId() == fileId).findFirst();
    }
}
