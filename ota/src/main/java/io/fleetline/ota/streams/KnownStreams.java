package io.fleetline.ota.streams;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams devices read, kept in memory between their requests: a download of 8 MB in 4 KB blocks is thousands of
 * requests for the same stream, each of which would otherwise read its row from the database.
 *
 * <p>{@link Streams} is the only writer of its store and tells this cache after every change it commits
 * ({@link #changed}), so a device sees an update or a deletion as soon as the API call that made it has answered. A
 * read of the store that raced with a change does not put back what it read: every change is counted, and what a
 * read found is kept only if no change was counted while it read. Only streams that exist are kept (a request for
 * one that does not is a query each time, as a stream created later must be found), at most {@link #MAX_KNOWN}.
 */
final class KnownStreams {
    /** Streams kept at most; past it one is dropped for each added (an account streams a few images at a time). */
    static final int MAX_KNOWN = 1024;

    private final StreamStore store;
    private final Map<StreamId, Stream> known = new ConcurrentHashMap<>();
    /** Guards {@link #changes} and makes "no change since the read, keep it" one step against {@link #changed}. */
    private final ReentrantLock lock = new ReentrantLock();
    private long changes;

    KnownStreams(StreamStore store) {
        this.store = store;
    }

    /** The stream as last committed. */
    Optional<Stream> find(StreamId id) {
        Stream stream = known.get(id);
        if (stream != null) {
            return Optional.of(stream);
        }
        long before = changes();
        Optional<Stream> stored = store.read(tx -> tx.find(id));
        stored.ifPresent(found -> keep(found, before));
        return stored;
    }

    /** The stream of this id changed (created, updated, deleted): the next read asks the store. */
    void changed(StreamId id) {
        lock.lock();
        try {
            changes++;
            known.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** Every stream may have changed (a reset wiped them). */
    void forgetAll() {
        lock.lock();
        try {
            changes++;
            known.clear();
        } finally {
            lock.unlock();
        }
    }

    private long changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    private void keep(Stream stream, long changesBefore) {
        lock.lock();
        try {
            if (changes != changesBefore) {
                return;  // what was read may be what a change has just replaced
            }
            if (known.size() >= MAX_KNOWN) {
                Iterator<StreamId> any = known.keySet().iterator();
                any.next();
                any.remove();
            }
            known.put(stream.id(), stream);
        } finally {
            lock.unlock();
        }
    }
}
