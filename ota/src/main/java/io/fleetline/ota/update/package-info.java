/**
 * OTA updates (CreateOTAUpdate and friends): the durable record of an update, the creation worker that turns it into
 * a signed image, an MQTT stream and a job with the FreeRTOS {@code afr_ota} document, and the deletion that takes
 * them down again. It reaches jobs, streams, code signing and the object store only through the small ports of this
 * package ({@link io.fleetline.ota.update.OtaJobs}, {@link io.fleetline.ota.update.OtaStreams},
 * {@link io.fleetline.ota.update.OtaSigning}, {@link io.fleetline.ota.update.OtaObjects}) and keeps its records in an
 * {@link io.fleetline.ota.update.OtaUpdateStore}; {@link io.fleetline.ota.update.OtaUpdates} wires them together.
 * A signature the user made is checked over the image as signing jobs make theirs, with
 * {@link io.fleetline.ota.signing.ImageSignatures}; the job settings are the jobs module's typed configurations.
 */
package io.fleetline.ota.update;
