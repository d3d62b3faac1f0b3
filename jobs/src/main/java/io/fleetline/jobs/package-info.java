/**
 * IoT Jobs: jobs and their executions on things, the rollout engine that releases, times out, retries and
 * aborts them, and the device side devices run them with ({@code device.DeviceJobs}, the {@code notify} pushes).
 * The device protocol on the wire is {@code io.fleetline.protocol.jobs}; an adapter serves it over MQTT and HTTPS.
 */
package io.fleetline.jobs;
