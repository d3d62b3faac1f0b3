/**
 * Tags on resources addressed by ARN: the registry's own, and those of other modules (policies, CA certificates,
 * jobs, job templates) that register a {@link io.fleetline.registry.tag.ResourceLookup}. All of an account's tags
 * live in one place.
 */
package io.fleetline.registry.tag;
