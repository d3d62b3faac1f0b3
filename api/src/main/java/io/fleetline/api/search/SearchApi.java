package io.fleetline.api.search;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.search.indexing.FleetIndexing;

/** Registers every fleet-indexing operation Fleetline serves. */
public final class SearchApi {
    private SearchApi() {
    }

    public static void register(HandlerRegistry handlers, FleetIndexing indexing) {
        IndexingHandlers.register(handlers, indexing);
        SearchHandlers.register(handlers, indexing);
    }
}
