package io.fleetline.ota.streams;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What CreateStream asks for. OTA updates create {@code AFR_OTA-<uuid>} streams of one file this way. */
public record NewStream(StreamId id, Optional<String> description, List<FileSpec> files, String roleArn,
                        Map<String, String> tags) {
    public NewStream {
        files = List.copyOf(files);
        tags = Map.copyOf(tags);
    }

    /** A stream of one file (id 0) without a description or tags, as an OTA update makes for its image. */
    public static NewStream ofOneFile(StreamId id, FileSource source, String roleArn) {
        return new NewStream(id, Optional.empty(), List.of(new FileSpec(0, source)), roleArn, Map.of());
    }
}
