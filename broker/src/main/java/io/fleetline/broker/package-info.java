/**
 * The MQTT broker: MQTT 3.1.1 and 5 over mutual TLS, every connect, publish, subscribe and delivery decided
 * by the device's IoT policies, reserved {@code $aws/...} topics served in-process through the
 * {@link io.fleetline.core.bus.MessageBus}. The embedded HiveMQ CE stays in {@code .internal}; nothing outside
 * this module sees one of its types.
 */
package io.fleetline.broker;
