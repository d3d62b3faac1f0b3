/**
 * The AWS fleet-indexing query syntax: {@link io.fleetline.search.query.QueryParser} reads a query string into a
 * {@link io.fleetline.search.query.FleetQuery}, or refuses it with an
 * {@link io.fleetline.search.query.InvalidQueryException} naming the problem and where it is.
 */
package io.fleetline.search.query;
