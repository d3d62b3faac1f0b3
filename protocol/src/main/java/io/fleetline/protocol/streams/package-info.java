/**
 * AWS IoT's MQTT-based file delivery ("streams") as it is on the wire: the topics
 * ({@code $aws/things/{thing}/streams/{streamId}/describe|get/json|cbor}, answered on
 * {@code description|data|rejected/json|cbor}), the requests parsed strictly from JSON or CBOR
 * ({@link io.fleetline.protocol.streams.StreamRequests}), and the description, data block and rejection messages
 * encoded in either format ({@link io.fleetline.protocol.streams.StreamMessages}). Which blocks a request names, and
 * reading them, is the server's business; this package only says what the bytes mean.
 */
package io.fleetline.protocol.streams;
