/**
 * The thing registry: things, thing types, thing groups and tags, with AWS IoT's semantics.
 * Each sub-package has its service; all share one {@link io.fleetline.registry.RegistryStore}
 * so that an operation that touches several kinds (deleting a thing leaves its groups) is one transaction.
 */
package io.fleetline.registry;
