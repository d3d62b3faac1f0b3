package io.fleetline.search.indexing;

import io.fleetline.search.ThingDocument;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The things as the database holds them, read for the index: the registry fields, and, as the configuration asks,
 * the shadows and connectivity. The server implements it over the registry, the shadow service and the broker's
 * presence.
 */
public interface ThingSource {
    /** The thing's current document; empty when there is no such thing. */
    Optional<ThingDocument> read(String thingName, IndexingConfiguration configuration);

    /** Every thing's document, in any order, each once; for a rebuild. */
    void readAll(IndexingConfiguration configuration, Consumer<ThingDocument> sink);
}
