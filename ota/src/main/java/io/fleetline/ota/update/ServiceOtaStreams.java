package io.fleetline.ota.update;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.ota.streams.FileSource;
import io.fleetline.ota.streams.FileSpec;
import io.fleetline.ota.streams.NewStream;
import io.fleetline.ota.streams.Stream;
import io.fleetline.ota.streams.StreamId;
import io.fleetline.ota.streams.Streams;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link OtaStreams} over the account's streams service: an OTA update's stream is a stream like any other. */
final class ServiceOtaStreams implements OtaStreams {
    private final Streams streams;

    ServiceOtaStreams(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<StreamedFile> file(String streamId, int fileId) {
        return find(streamId).flatMap(stream -> stream.file(fileId)).map(file -> new StreamedFile(
                new S3File(file.source().bucket(), file.source().key(), file.source().version().orElse("null")),
                file.size()));
    }

    @Override
    public void create(String streamId, String description, String roleArn, List<Source> files) {
        List<FileSpec> specs = files.stream().map(source -> new FileSpec(source.fileId(), FileSource.of(
                source.object().bucket(), source.object().key(), source.object().versionId()))).toList();
        try {
            streams.create(new NewStream(StreamId.of(streamId), Optional.of(description), specs, roleArn, Map.of()));
        } catch (FleetlineException e) {
            if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            // made by an earlier attempt of this creation, before a restart
        }
    }

    @Override
    public void delete(String streamId) {
        if (find(streamId).isPresent()) {
            streams.delete(StreamId.of(streamId));
        }
    }

    private Optional<Stream> find(String streamId) {
        try {
            return Optional.of(streams.describe(StreamId.of(streamId)));
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
