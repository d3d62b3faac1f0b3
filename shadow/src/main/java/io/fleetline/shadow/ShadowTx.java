package io.fleetline.shadow;

import java.util.List;
import java.util.Optional;

/** One transaction on the shadows of an account. */
public interface ShadowTx {
    /** The shadow's row, deleted ones (without a document) included. */
    Optional<StoredShadow> find(ShadowKey key);

    /** Stores a shadow that has no row yet; false when another transaction stored one first. */
    boolean insert(StoredShadow shadow);

    /** Replaces the row whose version is {@code expectedVersion}; false when another update came first. */
    boolean replace(StoredShadow shadow, long expectedVersion);

    /** The names of the thing's named shadows that hold a document, in order, after {@code after}. */
    List<String> namedShadows(String thingName, Optional<String> after, int limit);

    /** Forgets every shadow of the thing (the thing is deleted). */
    void deleteAllOf(String thingName);

    /** Forgets the shadows whose thing the registry no longer holds; answers how many. */
    int deleteOrphans();
}
