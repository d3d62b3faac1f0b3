/** MQTT file streams over JDBC. */
package io.fleetline.storage.streams;
