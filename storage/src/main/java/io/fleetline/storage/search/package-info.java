/** Fleet indexing's configuration over JDBC. */
package io.fleetline.storage.search;
