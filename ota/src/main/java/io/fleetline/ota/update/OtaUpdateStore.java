package io.fleetline.ota.update;

import io.fleetline.core.page.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Where OTA updates are kept (storage implements it over the account's database). Every write is durable when it
 * returns. Writes are conditional on the version read, so that the creation worker and a DeleteOTAUpdate arriving
 * meanwhile cannot overwrite each other: the one that comes second learns it lost.
 */
public interface OtaUpdateStore {
    /** Stores a new update (version 0); {@code false} when one of that id exists already. */
    boolean insert(OtaUpdate update);

    Optional<OtaUpdate> find(String otaUpdateId);

    /**
     * Replaces the update with {@code next} if the stored one is still at {@code next.version() - 1}; answers whether
     * it was.
     */
    boolean replace(OtaUpdate next);

    /** Removes the update if the stored one is still at {@code version}; answers whether it was. */
    boolean delete(String otaUpdateId, long version);

    /**
     * Up to {@code page.limit() + 1} updates in id order after the page's key, of that status only when one is given
     * (one more than the page, so the caller knows whether another page follows).
     */
    List<OtaUpdate> list(Optional<OtaUpdateStatus> status, PageRequest page);

    /** The ids of the updates the worker still has to advance (creating or deleting), in id order. */
    List<String> unfinished();
}
