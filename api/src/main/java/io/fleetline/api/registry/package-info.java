/** Handlers of the registry operations: things, thing types, thing groups, tags and DescribeEndpoint. */
package io.fleetline.api.registry;
