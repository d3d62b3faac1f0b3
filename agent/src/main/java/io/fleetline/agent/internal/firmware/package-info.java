/**
 * The agent's built-in firmware update: the {@code afr_ota} document of AWS IoT OTA and Fleetline's plain
 * {@code fleetline_ota} form, downloaded over HTTPS (with {@code Range} resume) or MQTT streams (block bitmaps),
 * verified (size, SHA-256, ECDSA code signature), written to the inactive slot, switched to, rebooted into, checked and
 * confirmed or rolled back, every step journalled before it is taken.
 */
package io.fleetline.agent.internal.firmware;
