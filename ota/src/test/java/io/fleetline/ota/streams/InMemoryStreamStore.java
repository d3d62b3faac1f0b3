package io.fleetline.ota.streams;

import io.fleetline.core.page.PageRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** A {@link StreamStore} in memory, for the domain's own tests; storage's suite runs the real ones. */
final class InMemoryStreamStore implements StreamStore, StreamTx {
    private final TreeMap<StreamId, Stream> streams = new TreeMap<>();
    private final Map<StreamId, Map.Entry<Integer, Instant>> deleted = new HashMap<>();
    final Map<String, Map<String, String>> tags = new HashMap<>();
    boolean failing;
    /** Transactions run, reads included. */
    int transactions;

    @Override
    public synchronized <T> T transact(Function<StreamTx, T> work) {
        if (failing) {
            throw new IllegalStateException("the database is gone");
        }
        transactions++;
        return work.apply(this);
    }

    @Override
    public Optional<Stream> find(StreamId id) {
        return Optional.ofNullable(streams.get(id));
    }

    @Override
    public void insert(Stream stream) {
        streams.put(stream.id(), stream);
    }

    @Override
    public void update(Stream stream) {
        streams.put(stream.id(), stream);
    }

    @Override
    public void delete(StreamId id) {
        streams.remove(id);
    }

    @Override
    public List<Stream> list(PageRequest page, boolean ascending) {
        var view = ascending ? streams : streams.descendingMap();
        return view.values().stream()
                .filter(s -> page.after().map(a -> ascending ? s.id().value().compareTo(a) > 0
                        : s.id().value().compareTo(a) < 0).orElse(true))
                .limit(page.limit() + 1L).toList();
    }

    @Override
    public Optional<Integer> deletedVersion(StreamId id, Instant since) {
        return Optional.ofNullable(deleted.get(id)).filter(e -> !e.getValue().isBefore(since)).map(Map.Entry::getKey);
    }

    @Override
    public void recordDeleted(StreamId id, int version, Instant at) {
        deleted.put(id, Map.entry(version, at));
    }

    @Override
    public void forgetDeleted(StreamId id) {
        deleted.remove(id);
    }

    @Override
    public void forgetDeletedBefore(Instant before) {
        deleted.values().removeIf(e -> e.getValue().isBefore(before));
    }

    @Override
    public void putTags(String arn, Map<String, String> put) {
        tags.computeIfAbsent(arn, a -> new TreeMap<>()).putAll(put);
    }

    @Override
    public void deleteTags(String arn) {
        tags.remove(arn);
    }
}
