package io.fleetline.ota.streams;

import io.fleetline.core.page.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operations on streams inside one {@link StreamStore} transaction. */
public interface StreamTx {
    Optional<Stream> find(StreamId id);

    /** Adds a stream whose id no stream has. */
    void insert(Stream stream);

    /** Replaces the stream of the same id. */
    void update(Stream stream);

    void delete(StreamId id);

    /**
     * Up to {@code page.limit() + 1} streams by id, after the page's token: ascending, or descending (then "after"
     * means below).
     */
    List<Stream> list(PageRequest page, boolean ascending);

    /** The version a deleted stream of this id had, if it was deleted at or after {@code since}. */
    Optional<Integer> deletedVersion(StreamId id, Instant since);

    /** Remembers that the stream of this id was deleted at {@code at} with this version. */
    void recordDeleted(StreamId id, int version, Instant at);

    /** Forgets the deletion of this id (a stream of it exists again). */
    void forgetDeleted(StreamId id);

    /** Forgets the deletions before {@code before}. */
    void forgetDeletedBefore(Instant before);

    /** Adds or replaces tags of the resource. */
    void putTags(String arn, Map<String, String> tags);

    /** Removes every tag of the resource. */
    void deleteTags(String arn);
}
