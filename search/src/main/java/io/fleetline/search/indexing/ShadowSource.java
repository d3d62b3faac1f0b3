package io.fleetline.search.indexing;

import io.fleetline.search.ThingDocument;

/**
 * The seam for device shadows: adds a thing's shadows, as the database holds them, to the document the index gets
 * (its flattened fields with {@link ThingDocument.Builder#classic}, {@link ThingDocument.Builder#named} and
 * {@link ThingDocument.Builder#hasDelta}, and the JSON SearchIndex answers with {@link
 * ThingDocument.Builder#shadowJson}). The shadow service provides one and tells {@link FleetIndexing#shadowsChanged}
 * after each change it commits; until then there are no shadows to index.
 */
public interface ShadowSource {
    /** No shadows. */
    ShadowSource NONE = (thingName, configuration, document) -> {
    };

    /**
     * Adds the shadows {@code configuration} indexes: the classic one when {@link
     * IndexingConfiguration#classicShadow()}, the named ones in {@link IndexingConfiguration#indexedNamedShadows()}.
     */
    void addShadows(String thingName, IndexingConfiguration configuration, ThingDocument.Builder document);
}
