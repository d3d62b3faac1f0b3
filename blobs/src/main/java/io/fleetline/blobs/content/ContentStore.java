package io.fleetline.blobs.content;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The bytes of objects and parts, content-addressed: a content's id is the SHA-256 of its bytes, so the same bytes
 * written twice are stored once. The store knows nothing of what references a content; the metadata does, and
 * {@link io.fleetline.blobs.ContentSweeper} asks it before {@link #deleteUnlessUsed} removes anything.
 *
 * <p>The one rule between the two: a content is <em>pinned</em> from the moment it is in place until the metadata
 * transaction that references it has committed or failed, and {@link #deleteUnlessUsed} never deletes a pinned content.
 * So a sweep racing a write of the same bytes either finishes before the write pins (and the write puts the bytes back
 * in place) or leaves them alone.
 */
public interface ContentStore {
    /**
     * Reads {@code body} to its end into a temporary file while computing its MD5 and SHA-256 and counting it, lets
     * {@code check} refuse it, makes it durable (fsync) and moves it atomically into its place, then pins it.
     * Whatever fails, no temporary file is left behind and nothing is in place that was not before.
     *
     * @throws io.fleetline.core.error.FleetlineException {@code IncompleteBody} when reading {@code body} fails (the
     *         client broke off); {@code ServiceUnavailable} when the store cannot write (its disk is full or failing);
     *         whatever {@code check} or {@code body} throws unchecked, unchanged
     */
    StoredContent write(InputStream body, ContentCheck check);

    /** Pins a content that may be in place already (a copy that will reference it too); it need not exist. */
    ContentPin pin(ContentId id);

    /** Opens a content for reading; empty when it is not (or no longer) in the store. */
    Optional<ContentReader> open(ContentId id);

    /**
     * Deletes a content unless it is pinned or {@code referenced} says it is in use, asked while no pin can be taken on
     * it. Answers whether it is gone (absent already counts).
     */
    boolean deleteUnlessUsed(ContentId id, Predicate<ContentId> referenced);

    /** Every content in place, in no particular order. */
    List<ContentId> contents();

    /** Removes the temporary files no write of this process is using (left by a crash); answers how many. */
    int removeAbandonedTemporaries();
}
