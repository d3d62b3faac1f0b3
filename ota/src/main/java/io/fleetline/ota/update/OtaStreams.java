package io.fleetline.ota.update;

import java.util.List;
import java.util.Optional;

/** The account's MQTT file streams, as an OTA update uses them (the server adapts its streams service to this). */
public interface OtaStreams {
    /** File {@code fileId} of one object version, as a new stream holds it. */
    record Source(int fileId, S3File object) {
    }

    /** A file of an existing stream: the object version it serves and its size in bytes. */
    record StreamedFile(S3File object, long size) {
    }

    /** File {@code fileId} of stream {@code streamId}; empty when there is no such stream or no such file in it. */
    Optional<StreamedFile> file(String streamId, int fileId);

    /**
     * Creates the stream {@code streamId} with these files (sizes are taken from the objects). When a stream of that id
     * exists already it was made by an earlier attempt of the same creation: this does nothing and succeeds. A missing
     * object is the streams service's error, which fails the update.
     */
    void create(String streamId, String description, String roleArn, List<Source> files);

    /** Deletes the stream; no such stream is no error. */
    void delete(String streamId);

    /** Over the account's streams service. */
    static OtaStreams over(io.fleetline.ota.streams.Streams streams) {
        return new ServiceOtaStreams(streams);
    }
}
