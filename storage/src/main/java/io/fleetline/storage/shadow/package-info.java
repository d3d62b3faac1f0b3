/** Device shadows over JDBC. */
package io.fleetline.storage.shadow;
