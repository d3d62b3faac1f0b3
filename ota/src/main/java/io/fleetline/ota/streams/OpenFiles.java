package io.fleetline.ota.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stream files kept open between devices' requests, over any {@link StreamObjects}: opening the embedded store's
 * object is a database query and a file to open, once per block request otherwise. A file is known by its source and
 * the ETag the stream recorded, so what is kept open is always the bytes the stream names.
 *
 * <p>Whether the object is still there with that ETag is asked again ({@link StreamObjects#head}) at every request for
 * a file that names no version (the key's current object, which a PUT replaces), and at most once per {@link #RECHECK}
 * for a version (which can only be deleted): a request within that time of the version's deletion may still be
 * answered with the recorded bytes, a later one is {@code ETagMismatch} or {@code ResourceNotFound} as before. An open file holds its
 * bytes even when its version is deleted and swept meanwhile (the embedded store's channels do), so a read never fails
 * for that; a file gives its hold back when it is found changed, when a stream naming it changes or goes
 * ({@link #forget}), after {@link #IDLE} without a request, when more than {@link #MAX_OPEN} are open (the least
 * recently read goes), and at a reset ({@link #forgetAll}). Requests reading a file when it is let go finish first:
 * it is closed when the last of them is done.
 */
final class OpenFiles implements StreamObjects {
    /** How long a file is read without asking the store whether its object is still the one recorded. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /** How long a file no request reads stays open. */
    static final Duration IDLE = Duration.ofMinutes(1);
    /** Files open at most. */
    static final int MAX_OPEN = 64;

    private final StreamObjects objects;
    private final Clock clock;
    /** Guards {@link #held} (in read order: least recently read first), the holds and {@link #swept}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<FileKey, Held> held = new LinkedHashMap<>(16, 0.75f, true);
    private Instant swept = Instant.MIN;

    OpenFiles(StreamObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** A stream file as kept open: where its bytes are and the ETag they must have. */
    record FileKey(FileSource source, String etag) {
        static FileKey of(StreamFile file) {
            return new FileKey(file.source(), file.etag());
        }
    }

    /** An open object and who holds it: this cache while it keeps it, and each request reading it. */
    private static final class Held {
        final FileKey key;
        final OpenObject object;
        int holds;
        boolean kept = true;
        Instant checked;
        Instant read;

        Held(FileKey key, OpenObject object, Instant now) {
            this.key = key;
            this.object = object;
            this.checked = now;
            this.read = now;
        }
    }

    @Override
    public ObjectFacts head(FileSource source) {
        return objects.head(source);
    }

    @Override
    public OpenObject open(FileSource source, String expectedEtag) {
        FileKey key = new FileKey(source, expectedEtag);
        Instant now = clock.instant();
        List<Held> released = new ArrayList<>();
        Held found;
        boolean recheck = false;
        lock.lock();
        try {
            expireIdle(now, released);
            found = held.get(key);
            if (found != null) {
                found.holds++;
                found.read = now;
                // the current object of a key can be replaced at any moment: asked about at every request
                recheck = source.version().isEmpty() || !now.isBefore(found.checked.plus(RECHECK));
                if (recheck) {
                    found.checked = now;  // this request asks; the others read on meanwhile
                }
            }
        } finally {
            lock.unlock();
        }
        closeAll(released);
        if (found == null) {
            return new Lease(opened(key, now));
        }
        if (recheck) {
            try {
                if (!objects.head(source).etag().equals(expectedEtag)) {
                    throw ObjectErrors.changed(source);
                }
            } catch (RuntimeException e) {
                drop(found);
                release(found);
                throw e;
            }
        }
        return new Lease(found);
    }

    /** Lets go of these files (a stream naming them changed or went); requests reading them finish first. */
    void forget(Collection<StreamFile> files) {
        List<Held> released = new ArrayList<>();
        lock.lock();
        try {
            for (StreamFile file : files) {
                Held one = held.get(FileKey.of(file));
                if (one != null) {
                    unkeep(one, released);
                }
            }
        } finally {
            lock.unlock();
        }
        closeAll(released);
    }

    /** Lets go of every file. */
    void forgetAll() {
        List<Held> released = new ArrayList<>();
        lock.lock();
        try {
            List.copyOf(held.values()).forEach(one -> unkeep(one, released));
        } finally {
            lock.unlock();
        }
        closeAll(released);
    }

    /** How many files are kept open. */
    int size() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** Opens the file and keeps it, unless a request racing this one kept it first; held for the caller either way. */
    private Held opened(FileKey key, Instant now) {
        OpenObject object = objects.open(key.source(), key.etag());
        List<Held> released = new ArrayList<>();
        Held result;
        lock.lock();
        try {
            Held raced = held.get(key);
            if (raced != null) {
                raced.holds++;
                result = raced;
            } else {
                result = new Held(key, object, now);
                result.holds = 2;  // kept, and the caller's
                held.put(key, result);
                Iterator<Held> oldest = held.values().iterator();
                while (held.size() > MAX_OPEN) {
                    Held first = oldest.next();
                    oldest.remove();
                    first.kept = false;
                    release(first, released);
                }
            }
        } finally {
            lock.unlock();
        }
        if (result.object != object) {
            object.close();
        }
        closeAll(released);
        return result;
    }

    private void expireIdle(Instant now, List<Held> released) {
        if (now.isBefore(swept.plus(RECHECK))) {
            return;
        }
        swept = now;
        Instant idleSince = now.minus(IDLE);
        for (Iterator<Held> all = held.values().iterator(); all.hasNext(); ) {
            Held one = all.next();
            if (!one.read.isAfter(idleSince)) {
                all.remove();
                one.kept = false;
                release(one, released);
            }
        }
    }

    /** Stops keeping a file found changed or unreadable: the next request opens it again. */
    private void drop(Held one) {
        List<Held> released = new ArrayList<>();
        lock.lock();
        try {
            unkeep(one, released);
        } finally {
            lock.unlock();
        }
        closeAll(released);
    }

    private void unkeep(Held one, List<Held> released) {
        if (one.kept) {
            one.kept = false;
            held.remove(one.key, one);
            release(one, released);
        }
    }

    private void release(Held one) {
        List<Held> released = new ArrayList<>();
        lock.lock();
        try {
            release(one, released);
        } finally {
            lock.unlock();
        }
        closeAll(released);
    }

    private static void release(Held one, List<Held> released) {
        if (--one.holds == 0) {
            released.add(one);
        }
    }

    /** Closes outside the lock what no one holds any more. */
    private static void closeAll(List<Held> released) {
        released.forEach(one -> one.object.close());
    }

    /** A request's hold on an open file. */
    private final class Lease implements OpenObject {
        private final Held file;
        private boolean closed;

        Lease(Held file) {
            this.file = file;
        }

        @Override
        public byte[] read(long position, int length) {
            try {
                return file.object.read(position, length);
            } catch (RuntimeException e) {
                drop(file);  // a channel closed under an interrupted reader, say: the next request opens it again
                throw e;
            }
        }

        @Override
        public void readInto(long position, byte[] into, int offset, int length) {
            try {
                file.object.readInto(position, into, offset, length);
            } catch (RuntimeException e) {
                drop(file);
                throw e;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(file);
            }
        }
    }
}
