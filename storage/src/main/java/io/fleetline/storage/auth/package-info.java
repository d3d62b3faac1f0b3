/** Access keys over JDBC. */
package io.fleetline.storage.auth;
