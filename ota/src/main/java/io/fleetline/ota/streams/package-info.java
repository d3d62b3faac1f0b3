/**
 * MQTT file streams: the control plane ({@link io.fleetline.ota.streams.Streams}: CreateStream, DescribeStream,
 * UpdateStream, ListStreams, DeleteStream over the {@link io.fleetline.ota.streams.StreamStore} port) and the device
 * side ({@link io.fleetline.ota.streams.StreamDelivery}: a device's {@code describe} and {@code get} requests
 * answered with the stream's description or blocks read by range from the object store, through the
 * {@link io.fleetline.ota.streams.StreamObjects} port, never a whole file at once).
 *
 * <p>A stream names objects (bucket, key, optionally a version) and records each one's size and ETag when it is
 * created or updated; a device reading blocks later reads the same bytes or is told the object changed
 * ({@code ETagMismatch}) or went ({@code ResourceNotFound}).
 */
package io.fleetline.ota.streams;
