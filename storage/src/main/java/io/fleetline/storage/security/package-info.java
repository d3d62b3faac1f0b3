/** The security state's store over JDBC. */
package io.fleetline.storage.security;
