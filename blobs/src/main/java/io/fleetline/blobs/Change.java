package io.fleetline.blobs;

import io.fleetline.blobs.content.ContentId;
import java.util.List;

/** What a metadata transaction answers, and the contents it stopped referencing (to sweep once it has committed). */
public record Change<T>(T result, List<ContentId> released) {
    public Change {
        released = List.copyOf(released);
    }

    public static <T> Change<T> of(T result) {
        return new Change<>(result, List.of());
    }
}
