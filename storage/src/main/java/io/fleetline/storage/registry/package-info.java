/** The registry's store over JDBC. */
package io.fleetline.storage.registry;
