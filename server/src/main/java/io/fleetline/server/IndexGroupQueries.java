package io.fleetline.server;

import io.fleetline.registry.group.DynamicQuery;
import io.fleetline.registry.group.GroupQueries;
import io.fleetline.search.indexing.FleetIndexing;
import java.util.function.Consumer;

/** Dynamic groups' queries, run on the account's fleet index. */
final class IndexGroupQueries implements GroupQueries {
    private final FleetIndexing indexing;

    IndexGroupQueries(FleetIndexing indexing) {
        this.indexing = indexing;
    }

    @Override
    public void check(DynamicQuery query) {
        indexing.check(query.indexName(), query.queryString());
    }

    @Override
    public boolean matches(String queryString, String thingName) {
        return indexing.matches(queryString, thingName);
    }

    @Override
    public void forEachMatch(String queryString, Consumer<String> thingNames) {
        indexing.forEachMatch(queryString, thingNames);
    }

    @Override
    public boolean building() {
        return indexing.building();
    }
}
