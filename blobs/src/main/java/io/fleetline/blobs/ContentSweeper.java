package io.fleetline.blobs;

import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.blobs.content.StoredContent;
import io.fleetline.core.log.LimitedLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Removes the contents no version or part references: those a delete, a replace or an abort has just let go of
 * ({@link #release}), and at start everything a crash left behind, temporary files included ({@link #sweepAll}).
 * A content is only deleted after the metadata is asked, under the content store's pin lock, so bytes that a commit
 * is about to reference are never lost.
 *
 * <p>An account's content store belongs to that account alone (see docs/architecture.md, "Blobs"), so its metadata
 * store is the only one to ask.
 */
public final class ContentSweeper {
    private static final int BATCH = 500;

    private final BlobMetadataStore store;
    private final ContentStore contents;
    private final LimitedLog log = new LimitedLog(LoggerFactory.getLogger(ContentSweeper.class));

    public ContentSweeper(BlobMetadataStore store, ContentStore contents) {
        this.store = store;
        this.contents = contents;
    }

    /** What a sweep removed. */
    public record Swept(int temporaries, int contents) {
    }

    /** Commits a metadata change, then sweeps what it released. */
    public <T> T commit(Function<BlobMetadataTx, Change<T>> work) {
        Change<T> change = store.transact(work);
        release(change.released());
        return change.result();
    }

    /**
     * Commits a metadata change that references {@code stored} (just written, pinned), then unpins it and sweeps what
     * the change released; when the commit fails, {@code stored} goes too unless something else references it.
     */
    public <T> T commitReferencing(StoredContent stored, Function<BlobMetadataTx, Change<T>> work) {
        Change<T> change;
        try {
            change = store.transact(work);
        } catch (RuntimeException e) {
            stored.close();
            release(List.of(stored.content().id()));
            throw e;
        }
        stored.close();
        release(change.released());
        return change.result();
    }

    /**
     * Deletes those of {@code released} that nothing references any more. Runs after the commit that released them;
     * a failure here is logged and left for the next sweep, never reported to the caller whose change is committed.
     */
    public void release(Collection<ContentId> released) {
        for (ContentId id : Set.copyOf(released)) {
            try {
                contents.deleteUnlessUsed(id, this::referenced);
            } catch (RuntimeException e) {
                log.warn("cannot remove content {} (left for the next sweep): {}", id, e.toString());
            }
        }
    }

    /** Removes abandoned temporary files and every content nothing references. */
    public Swept sweepAll() {
        int temporaries = contents.removeAbandonedTemporaries();
        List<ContentId> all = contents.contents();
        int removed = 0;
        for (int start = 0; start < all.size(); start += BATCH) {
            List<ContentId> batch = all.subList(start, Math.min(all.size(), start + BATCH));
            Set<ContentId> used = store.read(tx -> tx.referenced(batch));
            List<ContentId> unused = new ArrayList<>(batch);
            unused.removeAll(used);
            for (ContentId id : unused) {
                // asked again under the lock: a write may have referenced it since the batch was read
                if (contents.deleteUnlessUsed(id, this::referenced)) {
                    removed++;
                }
            }
        }
        return new Swept(temporaries, removed);
    }

    private boolean referenced(ContentId id) {
        return !store.read(tx -> tx.referenced(List.of(id))).isEmpty();
    }
}
