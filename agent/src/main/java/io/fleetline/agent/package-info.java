/**
 * The device agent: a small library (and the {@code ./fleetline agent} command) that performs AWS IoT jobs for real.
 *
 * <p>{@link io.fleetline.agent.DeviceAgent} connects to the jobs protocol over MQTT with the device's certificate,
 * takes the next job execution, runs it with the {@link io.fleetline.agent.JobHandler} that handles its document and
 * reports every step in the execution's {@code statusDetails}. A firmware update (an {@code afr_ota} document, or
 * Fleetline's plain Linux form) downloads the image, verifies its SHA-256 and code signature, writes it to the
 * inactive {@link io.fleetline.agent.BootSlots slot}, switches, {@link io.fleetline.agent.Reboot reboots}, runs the
 * {@link io.fleetline.agent.HealthCheck health check} and then confirms or rolls back. What the agent has started is
 * journalled in its state directory, so an agent killed at any step resumes or rolls back on its next start and never
 * leaves the device without a bootable slot.
 *
 * <p>The interfaces here are the seams device software (and the fleet simulator) plug into; everything else is in
 * {@code io.fleetline.agent.internal}.
 */
package io.fleetline.agent;
