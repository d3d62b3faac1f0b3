/**
 * Fleet indexing: an index of things (registry, shadow and connectivity fields) that answers the AWS fleet-indexing
 * query syntax. {@link io.fleetline.search.FleetIndex} holds the index; {@link io.fleetline.search.ThingDocument} is
 * what is put into it and what a search gives back. The index is a copy: the database stays the source of truth, and
 * whoever feeds the index rebuilds it from there when {@link io.fleetline.search.FleetIndex#checkpoint()} says it is
 * missing or behind.
 */
package io.fleetline.search;
