package io.fleetline.ota.streams;

import java.util.List;
import java.util.Optional;

/** What UpdateStream changes: what is given replaces what the stream had; the version goes up by one either way. */
public record StreamChanges(Optional<String> description, Optional<List<FileSpec>> files, Optional<String> roleArn) {
    public StreamChanges {
        files = files.map(List::copyOf);
    }
}
