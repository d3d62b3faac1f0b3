package io.fleetline.ota.update;

import io.fleetline.core.page.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The store as a map: the same conditional writes as the JDBC one, without a database. */
final class InMemoryOtaUpdateStore implements OtaUpdateStore {
    private final ConcurrentSkipListMap<String, OtaUpdate> updates = new ConcurrentSkipListMap<>();

    @Override
    public boolean insert(OtaUpdate update) {
        return updates.putIfAbsent(update.id(), update) == null;
    }

    @Override
    public Optional<OtaUpdate> find(String otaUpdateId) {
        return Optional.ofNullable(updates.get(otaUpdateId));
    }

    @Override
    public synchronized boolean replace(OtaUpdate next) {
        OtaUpdate stored = updates.get(next.id());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        updates.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized boolean delete(String otaUpdateId, long version) {
        OtaUpdate stored = updates.get(otaUpdateId);
        return stored != null && stored.version() == version && updates.remove(otaUpdateId, stored);
    }

    @Override
    public List<OtaUpdate> list(Optional<OtaUpdateStatus> status, PageRequest page) {
        return updates.values().stream()
                .filter(u -> page.after().map(a -> u.id().compareTo(a) > 0).orElse(true))
                .filter(u -> status.map(s -> u.status() == s).orElse(true))
                .limit(page.limit() + 1L).toList();
    }

    @Override
    public List<String> unfinished() {
        return updates.values().stream().filter(u -> u.status().unfinished()).map(OtaUpdate::id).toList();
    }
}
