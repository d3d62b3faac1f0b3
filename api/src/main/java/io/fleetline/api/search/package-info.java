/**
 * Handlers of fleet indexing: the indexing configuration, the indices, SearchIndex and the aggregations, over an
 * account's {@link io.fleetline.search.indexing.FleetIndexing}.
 */
package io.fleetline.api.search;
