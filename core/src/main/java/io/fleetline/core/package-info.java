/**
 * What every Fleetline capability shares: the error vocabulary, ARNs, paging and value checks.
 * Nothing here knows about HTTP, MQTT or JDBC.
 */
package io.fleetline.core;
