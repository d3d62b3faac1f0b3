/**
 * MQTT over WebSocket on the API port ({@code /mqtt}), signed with SigV4 as AWS serves it on port 443: the
 * upgrade is authenticated here, then the WebSocket's binary frames are carried to the broker and back.
 */
package io.fleetline.api.mqtt;
