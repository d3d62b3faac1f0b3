/**
 * Fleet indexing of one account as a service: its configuration (what AWS's UpdateIndexingConfiguration sets), the
 * index's life (built when indexing is turned on, dropped when off, rebuilt at start when not closed cleanly), the
 * feeding of changed things from a {@link io.fleetline.search.indexing.ThingSource}, and the searches and
 * aggregations, answered with the API's error codes.
 */
package io.fleetline.search.indexing;
