/**
 * The device-request dispatcher: how a request a device publishes on a thing's reserved topics reaches its service
 * and how the answer gets back to that device alone. {@link io.fleetline.api.device.DeviceRequests} holds one handler
 * per protocol on the message bus; a protocol ({@link io.fleetline.api.device.DeviceProtocol}) reads the topic and
 * payload with the {@code protocol} module's codecs, calls the domain, and gives back its answers, which the bus
 * sends with {@link io.fleetline.core.bus.MessageBus#reply}. The jobs API is served here for MQTT and, by
 * {@link io.fleetline.api.device.JobsRequests}, for the jobs data plane over HTTPS as well; MQTT file streams plug
 * in with {@link io.fleetline.api.device.DeviceRequests#streams}, over the {@code ota} module's stream delivery.
 */
package io.fleetline.api.device;
