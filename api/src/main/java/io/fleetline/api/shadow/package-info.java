/**
 * The iot-data shadow operations (GetThingShadow, UpdateThingShadow, DeleteThingShadow, ListNamedShadowsForThing):
 * the document as the HTTP body, served by the same shadow requests as MQTT, whose messages are published to the
 * shadow's topics as well.
 */
package io.fleetline.api.shadow;
