package io.fleetline.registry.group;

import io.fleetline.core.error.FleetlineException;
import java.util.function.Consumer;

/**
 * The fleet index as dynamic groups use it: the seam through which the registry (which knows no index) checks a
 * group's query and asks which things match it. Fleet indexing implements it where the server wires the two.
 */
public interface GroupQueries {
    /** Answers no index: dynamic groups need fleet indexing on. */
    GroupQueries NONE = new GroupQueries() {
        @Override
        public void check(DynamicQuery query) {
            throw noIndex(query.indexName());
        }

        @Override
        public boolean matches(String queryString, String thingName) {
            throw noIndex(DynamicQuery.DEFAULT_INDEX);
        }

        @Override
        public void forEachMatch(String queryString, Consumer<String> thingNames) {
            throw noIndex(DynamicQuery.DEFAULT_INDEX);
        }

        @Override
        public boolean building() {
            return false;
        }
    };

    /**
     * Checks the query could run: the index exists and is on, the query parses. Throws AWS's
     * {@code ResourceNotFoundException} or {@code InvalidQueryException} when not.
     */
    void check(DynamicQuery query);

    /** Whether the thing, as the index has it now, matches the query. */
    boolean matches(String queryString, String thingName);

    /** Gives the name of every thing the query matches now, each once. */
    void forEachMatch(String queryString, Consumer<String> thingNames);

    /** Whether the index is being (re)built, when a group's membership may be behind. */
    boolean building();

    private static FleetlineException noIndex(String indexName) {
        return FleetlineException.notFound("Index " + indexName
                + " does not exist. Please enable index by calling UpdateIndexingConfiguration");
    }
}
